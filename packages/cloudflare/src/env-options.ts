import type { ClientOptions } from "@occ/core";
import { optionsFromEnv } from "@occ/core/env";
import type { KVNamespaceLike } from "./platform-types.js";

/** Options for {@link createClient}: every core option, each one winning over its environment variable. */
export interface CloudflareClientOptions extends Partial<Omit<ClientOptions, "waitUntil">> {
  /**
   * The KV namespace binding that shares tokens across isolates. Default `"OAUTH_TOKENS"`; when that default
   * binding is absent the client caches in memory only. A binding named here must exist. Ignored when
   * `store` is given.
   */
  binding?: string;
}

/** The core options and the KV namespace resolved from a Worker's `env` and explicit options. */
export interface ResolvedOptions {
  clientOptions: Omit<ClientOptions, "waitUntil">;
  /** Whose binding `kv` came from, so a client can find the same binding in a later request's `env`. */
  binding: string;
  kv: KVNamespaceLike | undefined;
}

const DEFAULT_BINDING = "OAUTH_TOKENS";

/**
 * Merges the Worker's `env` with explicit options. Every problem, the KV binding's included, is collected into
 * one error, so a misconfigured deployment is fixed in one round trip; messages name variables, never values.
 */
export function resolveOptions(env: object, options: CloudflareClientOptions): ResolvedOptions {
  const vars = env as Record<string, unknown>;
  const { binding: explicitBinding, ...core } = options;
  const missing: string[] = [];
  const invalid: string[] = [];

  const binding = explicitBinding ?? DEFAULT_BINDING;
  let kv: KVNamespaceLike | undefined;
  if (core.store === undefined) {
    const candidate = vars[binding];
    if (isKvNamespace(candidate)) kv = candidate;
    else if (candidate !== undefined) invalid.push(`binding ${binding} is not a KV namespace`);
    else if (explicitBinding !== undefined) missing.push(`${binding} (KV namespace binding)`);
  }

  const clientOptions = optionsFromEnv(core, (name) => vars[name], {
    caller: "@occ/cloudflare createClient",
    hint: "Set secrets with `wrangler secret put <NAME>` and other values under [vars] in wrangler.toml, or pass them as options.",
    missing,
    invalid,
  });
  return { clientOptions, binding, kv };
}

function isKvNamespace(value: unknown): value is KVNamespaceLike {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.get === "function" && typeof candidate.put === "function" && typeof candidate.delete === "function";
}
