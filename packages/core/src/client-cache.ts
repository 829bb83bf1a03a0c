/**
 * `@occ/core/client-cache`: one client per configuration, for adapters that receive their configuration with each
 * request (a Worker's `env`, Hono's `c.env`) and so would otherwise build a client — and fetch a token — per request.
 */
import { createClient } from "./create-client.js";
import { defineStore, type SharedStore } from "./shared/define-store.js";
import type { TokenStore } from "./token-store.js";
import type { Client, ClientOptions } from "./types.js";
import { hash64 } from "./util/hash.js";

const FUNCTIONS = ["fetch", "waitUntil", "now", "onEvent", "clientAssertion"] as const;

/** What the latest request gave that is not configuration data: used by the cached client from then on. */
type Latest = Pick<ClientOptions, (typeof FUNCTIONS)[number] | "store" | "dpop">;

interface Entry {
  client: Client;
  secrets: string;
  latest: Latest;
}

/**
 * The configuration's data, in a stable order: what decides which token a client gets and who may use it. Functions
 * and stores count by presence only, since users write them inline per request; credentials count by a hash here
 * (compared exactly on a hit) and by their public identity for assertions and DPoP keys.
 */
function configurationKey(options: ClientOptions, secrets: string): string {
  const { tokenUrl, store, dpop, clientSecret: _secret, ...rest } = options;
  const data = Object.entries(rest)
    .filter(([name, value]) => value !== undefined && !(FUNCTIONS as readonly string[]).includes(name))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return hash64(
    JSON.stringify([
      typeof tokenUrl === "object" && "issuer" in tokenUrl ? ["issuer", tokenUrl.issuer] : String(tokenUrl),
      data,
      FUNCTIONS.map((name) => options[name] !== undefined),
      options.clientAssertion?.credentialId ?? null,
      store === undefined ? 0 : typeof store.acquireLease === "function" ? 2 : 1,
      dpop?.thumbprint ?? null,
      hash64(secrets),
    ]),
  );
}

/**
 * A store that forwards to the latest request's store (bindings may be new objects on every request). It has the
 * lease only when the configured store has one — the cache key tells the two kinds apart — so a lease-less store
 * (Workers KV) keeps its spread refresh points.
 */
function latestStore(first: SharedStore, latest: () => Latest): SharedStore {
  const store = () => latest().store!;
  const driver: TokenStore = {
    get: (key) => store().get(key),
    set: (key, value, ttl) => store().set(key, value, ttl),
    delete: (key) => store().delete(key),
  };
  if (typeof first.acquireLease === "function") {
    driver.acquireLease = (key, owner, ttl) => store().acquireLease!(key, owner, ttl);
    driver.releaseLease = (key, owner) => store().releaseLease!(key, owner);
  }
  return defineStore(driver);
}

/** Options for {@link clientCache}. */
export interface ClientCacheOptions {
  /** Configurations kept at most; the least recently used is dropped. Default 64. */
  maxEntries?: number;
}

/**
 * Returns the client for a configuration, creating it on first use. The rule for what changes between requests:
 * configuration data and credentials pick the client (a rotated secret gets a new one); functions (`fetch`,
 * `waitUntil`, `onEvent`, `now`, `clientAssertion`), the `store` and the `dpop` key of the MOST RECENT call are the
 * ones the client uses from then on, background refreshes included.
 *
 * @throws {OccError} `OCC_INVALID_OPTIONS` from `createClient` for an invalid configuration (nothing is cached).
 */
export function clientCache(options: ClientCacheOptions = {}): (options: ClientOptions) => Client {
  const maxEntries = options.maxEntries ?? 64;
  const entries = new Map<string, Entry>();
  return (config) => {
    const secrets = JSON.stringify(config.clientSecret ?? null);
    const key = configurationKey(config, secrets);
    const found = entries.get(key);
    entries.delete(key);
    const latest: Latest = { fetch: config.fetch, waitUntil: config.waitUntil, now: config.now, onEvent: config.onEvent, clientAssertion: config.clientAssertion, store: config.store, dpop: config.dpop };
    if (found !== undefined && found.secrets === secrets) {
      found.latest = latest;
      entries.set(key, found);
      return found.client;
    }
    const entry = { secrets, latest } as Entry;
    const now = () => entry.latest;
    const forward = <F extends (...args: never[]) => unknown>(pick: (l: Latest) => F | undefined) =>
      (pick(latest) && ((...args: Parameters<F>) => pick(now())!(...args))) as F | undefined;
    const assertion = config.clientAssertion;
    entry.client = createClient({
      ...config,
      fetch: forward((l) => l.fetch),
      waitUntil: forward((l) => l.waitUntil),
      now: forward((l) => l.now),
      onEvent: forward((l) => l.onEvent),
      clientAssertion: assertion && Object.assign(forward((l) => l.clientAssertion)!, { credentialId: assertion.credentialId }),
      store: config.store && latestStore(config.store, now),
      dpop: config.dpop && { ...config.dpop, wrapFetch: (inner) => (input, init) => now().dpop!.wrapFetch(inner)(input, init) },
    });
    entries.set(key, entry);
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    return entry.client;
  };
}
