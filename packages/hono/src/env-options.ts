import type { ClientOptions } from "@occ/core";
import { optionsFromEnv } from "@occ/core/env";
import { privateKeyJwt } from "@occ/keys";
import type { Context } from "hono";
import { env } from "hono/adapter";
import type { HonoClientOptions } from "./options.js";

const CALLER = "@occ/hono clientCredentials";
const HINT =
  "Set them where hono/adapter's env(c) reads: process.env on Node and Bun, Deno.env on Deno, the Worker's bindings on Cloudflare; or pass the matching options.";

type Variables = Readonly<Record<string, unknown>>;

/** The request's environment through `env(c)`, or why it cannot be read (Deno without `--allow-env`). */
function readEnvironment(c: Context): Variables | Error {
  try {
    return env(c) ?? {};
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Client options: the explicit ones, each one left out filled from its `OAUTH_*` variable. When the environment
 * cannot be read, every variable counts as unset, so options given in code need no permission; the error for a
 * missing one then says what to grant.
 */
export function resolveOptions(options: HonoClientOptions, variables: Variables | Error): ClientOptions {
  const unreadable = variables instanceof Error;
  const hint = unreadable
    ? `env(c) could not read the environment (${variables.name}): on Deno, run with --allow-env (env(c) reads all of Deno.env), or pass the matching options.`
    : HINT;
  return optionsFromEnv(options, (name) => (unreadable ? undefined : variables[name]), { caller: CALLER, hint, privateKeyJwt });
}

/**
 * Resolves fixed options once per environment object: `process.env` on Node and Bun is the same object for every
 * request, so the variables are read and checked on the first request only; so are a Worker's bindings while
 * workerd hands the same `env` to each request. `Deno.env.toObject()` is a new object each time, so on Deno they
 * are read on every request.
 */
export function fixedOptionsResolver(options: HonoClientOptions): (c: Context) => ClientOptions {
  const resolved = new WeakMap<object, ClientOptions>();
  return (c) => {
    const variables = readEnvironment(c);
    if (variables instanceof Error) return resolveOptions(options, variables);
    let result = resolved.get(variables);
    if (result === undefined) resolved.set(variables, (result = resolveOptions(options, variables)));
    return result;
  };
}

/** Resolves options built per request by `factory(c)`. */
export function requestOptionsResolver<C extends Context>(
  factory: (c: C) => HonoClientOptions | Promise<HonoClientOptions>,
): (c: C) => Promise<ClientOptions> {
  return async (c) => resolveOptions(await factory(c), readEnvironment(c));
}
