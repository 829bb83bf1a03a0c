import type { Client, ClientOptions } from "@occ/core";

// Enough for one client per tenant in a multi-tenant app without letting per-request configurations pile up.
const MAX_CLIENTS = 100;

interface Entry {
  client: Client;
  // Compared, not put in the key, so a rotated secret replaces the client instead of living next to it.
  secret: string | undefined;
}

function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof URL)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

// Functions and stores are left out: `store: kvStore(c.env.KV)` builds a new but equivalent object on every request,
// and keying on identity would create a client per request and lose its in-memory token.
function configurationKey(options: ClientOptions): string {
  const { clientSecret: _secret, store: _store, fetch: _fetch, clientAssertion: _assertion, onEvent: _onEvent, now: _now, waitUntil: _waitUntil, ...data } =
    options;
  return sortedJson(data);
}

/**
 * Returns the client for a configuration, creating it on first use. Least recently used configurations are
 * dropped beyond {@link MAX_CLIENTS}.
 */
export function clientCache<O extends ClientOptions>(create: (options: O) => Client): (options: O) => Client {
  const entries = new Map<string, Entry>();
  return (options) => {
    const key = configurationKey(options);
    const entry = entries.get(key);
    entries.delete(key);
    if (entry !== undefined && entry.secret === options.clientSecret) {
      entries.set(key, entry);
      return entry.client;
    }
    const client = create(options);
    entries.set(key, { client, secret: options.clientSecret });
    if (entries.size > MAX_CLIENTS) entries.delete(entries.keys().next().value as string);
    return client;
  };
}
