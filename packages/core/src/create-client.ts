import { authenticatedFetch } from "./authenticated-fetch.js";
import { type TokenCache, tokenCache } from "./cache/token-cache.js";
import { resolveOptions } from "./options.js";
import { SHARE } from "./shared/share-symbol.js";
import { describeUrl } from "./source/endpoint.js";
import { tokenSource } from "./source/token-source.js";
import type { Client, ClientOptions } from "./types.js";

/** Store calls are bounded tighter than token requests: a store that takes seconds is as good as down. */
const STORE_TIMEOUT_MS = 2_000;

/**
 * Creates a client for one configuration. Create it once and reuse it: the token cache, the single in-flight
 * request and the refresh-ahead live in the client (and in its `store`, when that is shared).
 *
 * @throws {OccError} `OCC_INVALID_OPTIONS` listing every problem with the options, or `OCC_INSECURE_URL`.
 */
export function createClient(options: ClientOptions): Client {
  const o = resolveOptions(options);
  const { key, emit, now, timeout, retries, auth, dpop } = o;
  const tokenTypes = dpop ? dpop.tokenTypes : ["bearer"];
  const jkt = dpop?.thumbprint;
  const source = tokenSource({
    endpoint: o.endpoint,
    clientId: o.clientId,
    auth,
    form: o.form,
    response: { requestedScope: o.requestedScope, defaultExpiresInMs: o.defaultExpiresInMs, tokenTypes, jkt },
    transport: {
      fetch: o.fetch,
      timeout,
      retries,
      now,
      redact: auth.redact,
      onRetry: (attempt, delayMs, error) => emit({ type: "retry", key, attempt, delayMs, error }),
    },
    allowInsecureHttp: o.allowInsecureHttp,
    emit,
    key,
  });
  const cache = tokenCache(source, {
    key,
    shared: o.store?.[SHARE]({ key, tokenTypes, jkt, timeout: Math.min(timeout, STORE_TIMEOUT_MS), now, emit }),
    refreshSkewMs: o.refreshSkewMs,
    requestBudgetMs: timeout * (retries + 1),
    now,
    random: Math.random,
    emit,
    waitUntil: o.waitUntil,
  });
  const endpoint = describeUrl(o.endpoint instanceof URL ? o.endpoint : o.endpoint.issuer);
  return new OccClient(
    cache,
    authenticatedFetch({
      fetch: o.fetch,
      getToken: (signal) => cache.get(signal && { signal }),
      replaceToken: (rejected, signal) => cache.replace(rejected, signal),
    }),
    `OccClient { clientId: ${JSON.stringify(o.clientId)}, endpoint: ${JSON.stringify(endpoint)}, method: ${JSON.stringify(auth.method)} }`,
  );
}

/**
 * What `createClient` returns. Its methods are own functions, so they work detached (`const { getToken } = client`);
 * what a console.log or a debugger shows is who and where, never the secret (closures hold it, not properties).
 */
class OccClient implements Client {
  readonly getToken: Client["getToken"];
  readonly invalidate: Client["invalidate"];
  readonly #description: string;

  constructor(
    cache: TokenCache,
    readonly fetch: Client["fetch"],
    description: string,
  ) {
    this.getToken = cache.get.bind(cache);
    this.invalidate = () => cache.invalidate();
    this.#description = description;
  }

  toString(): string {
    return this.#description;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.#description;
  }

  [Symbol.for("Deno.customInspect")](): string {
    return this.#description;
  }
}
