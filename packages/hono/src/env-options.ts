import { type ClientOptions, INVALID_OPTIONS, OccError } from "@occ/core";
import { type EnvReader, optionsFromEnv } from "@occ/core/env";
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
 * Reads the `OAUTH_*` variables. When the environment cannot be read, optional variables count as unset, so
 * options given in code need no permission; a required one is an error that says what to grant.
 */
function readerOf(variables: Variables | Error): EnvReader {
  return (name, required) => {
    if (!(variables instanceof Error)) return variables[name];
    if (!required) return undefined;
    throw new OccError(
      INVALID_OPTIONS,
      `${CALLER}: cannot read ${name}: env(c) failed (${variables.name}). On Deno, run with --allow-env (env(c) reads all of Deno.env); or pass the option.`,
    );
  };
}

/** Client options: the explicit ones, each one left out filled from its `OAUTH_*` variable. */
export function resolveOptions(options: HonoClientOptions, variables: Variables | Error): ClientOptions {
  return optionsFromEnv(options, readerOf(variables), { caller: CALLER, hint: HINT, privateKeyJwt });
}

/**
 * Resolves fixed options once per environment object: `process.env` on Node and Bun and a Worker's bindings are
 * the same object from one request to the next, so the variables are read and checked on the first request only.
 * `Deno.env.toObject()` is a new object each time, so on Deno they are read on every request.
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
