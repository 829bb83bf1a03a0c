import { createClient as createCoreClient, INVALID_OPTIONS, OccError, type Client } from "@occ/core";
import { resolveOptions, type CloudflareClientOptions } from "./env-options.js";
import { kvStore } from "./kv-store.js";
import type { ExecutionContextLike, KVNamespaceLike } from "./platform-types.js";

/** What a reused client reaches through: the newest request's context and binding. */
interface RequestState {
  ctx: ExecutionContextLike;
  kv: KVNamespaceLike | undefined;
}

interface Entry {
  client: Client;
  state: RequestState;
}

/**
 * Bounds the per-isolate cache: options holding functions or objects are keyed by identity, so a Worker that
 * builds a new callback per request would otherwise add a client per request for the isolate's lifetime.
 */
const MAX_CLIENTS = 32;

// Module scope lives as long as the isolate, which is what lets a warm isolate serve its token from memory.
// Keys hold the client secret; they are never logged or exposed.
const clients = new Map<string, Entry>();
const identities = new WeakMap<object, number>();
let nextIdentity = 0;

/**
 * A client configured from the Worker's `env` (`OAUTH_TOKEN_URL` or `OAUTH_ISSUER`, `OAUTH_CLIENT_ID`,
 * `OAUTH_CLIENT_SECRET`, `OAUTH_SCOPE`, `OAUTH_AUDIENCE`, `OAUTH_RESOURCE`, `OAUTH_AUTH_METHOD`) and
 * sharing tokens through the `OAUTH_TOKENS` KV binding when it exists. Explicit options win over `env`.
 *
 * Call it in every request: the same configuration returns the same client for the isolate's lifetime, so a
 * warm isolate serves its token from memory, while background refreshes are kept alive by the `ctx` of
 * the request that is running now.
 *
 * @throws {OccError} `OCC_INVALID_OPTIONS` naming every missing or invalid variable (never their values).
 *
 * @example
 * ```ts
 * export default {
 *   async fetch(request, env, ctx) {
 *     const client = createClient(env, ctx, { scope: "read:data" });
 *     return client.fetch("https://api.example.com/data");
 *   },
 * };
 * ```
 */
export function createClient(env: object, ctx: ExecutionContextLike, options: CloudflareClientOptions = {}): Client {
  if (typeof env !== "object" || env === null) {
    throw new OccError(INVALID_OPTIONS, "@occ/cloudflare createClient: env must be the Worker's env object");
  }
  if (typeof ctx?.waitUntil !== "function") {
    throw new OccError(INVALID_OPTIONS, "@occ/cloudflare createClient: ctx must be the request's ExecutionContext");
  }
  const { clientOptions, binding, kv } = resolveOptions(env, options);
  const key = cacheKey({ ...clientOptions, binding: kv === undefined ? undefined : binding });

  const cached = clients.get(key);
  if (cached !== undefined) {
    cached.state.ctx = ctx;
    // Bindings are not guaranteed to be the same objects from one request to the next.
    cached.state.kv = kv;
    clients.delete(key);
    clients.set(key, cached);
    return cached.client;
  }

  const state: RequestState = { ctx, kv };
  const client = createCoreClient({
    ...clientOptions,
    ...(kv === undefined ? {} : { store: kvStore(currentNamespace(state)) }),
    waitUntil: (promise) => state.ctx.waitUntil(promise),
  });
  clients.set(key, { client, state });
  if (clients.size > MAX_CLIENTS) clients.delete(clients.keys().next().value as string);
  return client;
}

function currentNamespace(state: RequestState): KVNamespaceLike {
  const kv = (): KVNamespaceLike => state.kv as KVNamespaceLike;
  return {
    get: (key, type) => kv().get(key, type),
    put: (key, value, options) => kv().put(key, value, options),
    delete: (key) => kv().delete(key),
  };
}

function cacheKey(options: Record<string, unknown>): string {
  return JSON.stringify(
    Object.keys(options)
      .sort()
      .map((name) => [name, options[name]]),
    (_name, value: unknown) => {
      if (typeof value === "function" || (typeof value === "object" && value !== null && !isPlainData(value))) {
        return `#identity:${identityOf(value)}`;
      }
      return value;
    },
  );
}

function isPlainData(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return Array.isArray(value) || prototype === Object.prototype || prototype === null;
}

function identityOf(value: object): number {
  let id = identities.get(value);
  if (id === undefined) {
    id = nextIdentity++;
    identities.set(value, id);
  }
  return id;
}
