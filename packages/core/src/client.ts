import { authenticatedFetch } from "./authenticated-fetch.js";
import { describeUrl } from "./endpoint.js";
import { discoverTokenEndpoint } from "./discovery.js";
import { ABORTED, OccError, TIMEOUT } from "./errors.js";
import { resolveOptions } from "./options.js";
import { isStoredToken, plainToken } from "./stored-token.js";
import { parseTokenResponse } from "./token-response.js";
import { tokenRequest } from "./token-request.js";
import { send, type TransportOptions } from "./transport.js";
import type { AccessToken, Client, ClientOptions, GetTokenOptions, StoredToken } from "./types.js";

/** After a failed background refresh, wait this long (at most) before trying again while the token is still valid. */
const REFRESH_RETRY_CAP_MS = 30_000;

function abortedError(signal: AbortSignal): OccError {
  return new OccError(ABORTED, "getToken was aborted by the caller's signal", { cause: signal.reason });
}

/** One token request shared by every caller who asks while it runs. */
interface Flight {
  promise: Promise<StoredToken>;
  controller: AbortController;
  /**
   * Callers still waiting that could give up (they passed a signal). Infinity once anyone waits without a signal,
   * or for a background refresh: such a flight is never cancelled.
   */
  cancellable: number;
}

/**
 * Creates a client for one configuration. Create it once and reuse it: the token cache, the single in-flight
 * request and the refresh-ahead live in the client (and in its `store`, when that is shared).
 *
 * @throws {OccError} `OCC_INVALID_OPTIONS` listing every problem with the options, or `OCC_INSECURE_URL`.
 */
export function createClient(options: ClientOptions): Client {
  const config = resolveOptions(options);
  const { key, store, now, emit } = config;

  // This client's token, served with no store read while fresh. `refreshAt` is derived once per token so the
  // hot path is a single comparison.
  let current: StoredToken | undefined;
  let refreshAt = 0;
  let inflight: Flight | undefined;
  let backgroundBlockedUntil = 0;
  let tokenUrl: Promise<URL> | undefined;

  const transport: TransportOptions = {
    fetch: config.fetch,
    timeout: config.timeout,
    retries: config.retries,
    now,
    onRetry: (attempt, delayMs, error) => emit({ type: "retry", key, attempt, delayMs, error }),
  };

  /** Until when a token needs no refresh: `refreshSkew` before expiry, at most half its lifetime. */
  function freshUntil(token: StoredToken): number {
    return token.expiresAt - Math.min(config.refreshSkewMs, (token.expiresAt - token.issuedAt) / 2);
  }

  function adopt(token: StoredToken): StoredToken {
    current = token;
    const window = token.expiresAt - freshUntil(token);
    // Instances sharing a store hold the same token and would all refresh at one instant, each asking the token
    // endpoint. A random point in the later half of the window lets the first new token reach the store before
    // most of the others look, and they take it from there.
    refreshAt = token.expiresAt - (store === undefined ? window : window * (1 - Math.random() / 2));
    return token;
  }

  function resolveTokenUrl(): Promise<URL> {
    if (config.tokenUrl !== undefined) return Promise.resolve(config.tokenUrl);
    if (tokenUrl === undefined) {
      const issuer = config.issuer!;
      tokenUrl = discoverTokenEndpoint(issuer, transport, config.allowInsecureHttp).then(
        (url) => {
          emit({ type: "discovered", issuer: describeUrl(issuer), tokenUrl: describeUrl(url) });
          return url;
        },
        (error: unknown) => {
          // A failed discovery is not remembered: the next request tries again.
          tokenUrl = undefined;
          throw error;
        },
      );
    }
    return tokenUrl;
  }

  /** A store that hangs (a network store behind a partition) must not hang token delivery: bound it like a request. */
  function bounded<T>(operation: () => T | Promise<T>, name: "get" | "set" | "delete"): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new OccError(TIMEOUT, `The token store did not finish ${name} within ${config.timeout} ms`)),
        config.timeout,
      );
      Promise.resolve()
        .then(operation)
        .then(
          (value) => {
            clearTimeout(timer);
            resolve(value);
          },
          (error: unknown) => {
            clearTimeout(timer);
            reject(error);
          },
        );
    });
  }

  async function readStore(): Promise<StoredToken | undefined> {
    if (store === undefined) return undefined;
    let value: unknown;
    try {
      value = await bounded(() => store.get(key), "get");
    } catch (error) {
      emit({ type: "store_error", key, operation: "get", error: error as OccError });
      return undefined;
    }
    if (value === undefined || value === null) return undefined;
    if (!isStoredToken(value)) {
      emit({ type: "store_error", key, operation: "get", error: new OccError("OCC_STORE_ERROR", "The store returned a value that is not a token") });
      return undefined;
    }
    return plainToken(value);
  }

  async function writeStore(token: StoredToken): Promise<void> {
    if (store === undefined) return;
    try {
      await bounded(() => store.set(key, token, Math.max(1, Math.ceil((token.expiresAt - now()) / 1000))), "set");
    } catch (error) {
      emit({ type: "store_error", key, operation: "set", error: error as OccError });
    }
  }

  async function fetchToken(background: boolean, signal: AbortSignal): Promise<StoredToken> {
    const url = await resolveTokenUrl();
    const started = now();
    const result = await send(() => tokenRequest(config, url), transport, signal);
    // parseTokenResponse builds a plain token of its own: only freezing is left to do.
    const token = Object.freeze(parseTokenResponse(result, config));
    emit({
      type: "token_fetched",
      key,
      expiresAt: token.expiresAt,
      attempts: result.attempts,
      durationMs: now() - started,
      background,
    });
    return token;
  }

  async function load(useStore: boolean, background: boolean, signal: AbortSignal): Promise<StoredToken> {
    if (useStore) {
      const stored = await readStore();
      // Only a token that needs no refresh yet is worth taking (one about to expire would just be replaced), and in
      // a background refresh only one newer than ours: another instance has refreshed already.
      if (stored !== undefined && now() < freshUntil(stored) && stored.expiresAt > (current?.expiresAt ?? 0)) {
        emit({ type: "token_cached", key, expiresAt: stored.expiresAt, source: "store" });
        return adopt(stored);
      }
    }
    const token = adopt(await fetchToken(background, signal));
    await writeStore(token);
    return token;
  }

  /** One request at a time, whoever asks: every caller joins the one in flight (single flight). */
  function singleFlight(useStore: boolean, background: boolean): Flight {
    if (inflight !== undefined) return inflight;
    const controller = new AbortController();
    const flight: Flight = {
      promise: load(useStore, background, controller.signal),
      controller,
      cancellable: background ? Infinity : 0,
    };
    inflight = flight;
    const settle = () => {
      if (inflight === flight) inflight = undefined;
    };
    flight.promise.then(settle, settle);
    return flight;
  }

  /**
   * Waits for a flight. A caller with a signal may stop waiting; when every caller has, nobody wants the token
   * any more and the request is cancelled rather than left to run through its retries.
   */
  function join(flight: Flight, signal: AbortSignal | undefined): Promise<StoredToken> {
    if (signal === undefined) {
      flight.cancellable = Infinity;
      return flight.promise;
    }
    flight.cancellable++;
    return new Promise<StoredToken>((resolve, reject) => {
      const onAbort = () => {
        reject(abortedError(signal));
        if (--flight.cancellable === 0) {
          if (inflight === flight) inflight = undefined;
          flight.controller.abort();
        }
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      flight.promise.then(
        (value) => {
          signal.removeEventListener("abort", onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener("abort", onAbort);
          reject(error);
        },
      );
    });
  }

  function refreshInBackground(token: StoredToken): void {
    if (inflight !== undefined || now() < backgroundBlockedUntil) return;
    const refresh = singleFlight(true, true).promise.then(
      () => {
        backgroundBlockedUntil = 0;
      },
      (error: unknown) => {
        const remaining = token.expiresAt - now();
        backgroundBlockedUntil = now() + Math.min(REFRESH_RETRY_CAP_MS, Math.max(1_000, remaining / 4));
        emit({ type: "token_failed", key, error: error as OccError, attempts: 1, durationMs: 0, background: true, served: true });
      },
    );
    config.waitUntil?.(refresh);
  }

  async function getToken(options?: GetTokenOptions): Promise<AccessToken> {
    const token = current;
    if (options === undefined || (options.forceRefresh !== true && options.signal === undefined)) {
      // Hot path: a fresh token in memory.
      if (token !== undefined && now() < refreshAt) {
        emit({ type: "token_cached", key, expiresAt: token.expiresAt, source: "memory" });
        return token;
      }
    } else if (options.signal?.aborted) {
      throw abortedError(options.signal);
    } else if (options.forceRefresh === true) {
      return join(singleFlight(false, false), options.signal);
    }
    const time = now();
    if (token !== undefined && time < token.expiresAt) {
      if (time >= refreshAt) refreshInBackground(token);
      emit({ type: "token_cached", key, expiresAt: token.expiresAt, source: "memory" });
      return token;
    }
    return join(singleFlight(true, false), options?.signal);
  }

  async function replaceToken(rejected: AccessToken, signal: AbortSignal | undefined): Promise<AccessToken> {
    if (current !== undefined && current.accessToken !== rejected.accessToken) return current;
    current = undefined;
    return join(singleFlight(false, false), signal);
  }

  async function invalidate(): Promise<void> {
    current = undefined;
    backgroundBlockedUntil = 0;
    if (store === undefined) return;
    try {
      await bounded(() => store.delete(key), "delete");
    } catch (error) {
      emit({ type: "store_error", key, operation: "delete", error: error as OccError });
    }
  }

  const endpoint = describeUrl(config.tokenUrl ?? config.issuer!);
  const client: Client = {
    getToken,
    fetch: authenticatedFetch({
      fetch: config.fetch,
      getToken: (signal) => getToken(signal === undefined ? undefined : { signal }),
      replaceToken,
    }),
    invalidate,
  };
  // What a console.log or a debugger shows: who and where, never the secret (closures hold it, not properties).
  const describe = () => `OccClient { clientId: ${JSON.stringify(config.clientId)}, endpoint: ${JSON.stringify(endpoint)} }`;
  for (const symbol of [Symbol.for("nodejs.util.inspect.custom"), Symbol.for("Deno.customInspect")]) {
    Object.defineProperty(client, symbol, { value: describe, enumerable: false });
  }
  Object.defineProperty(client, "toString", { value: describe, enumerable: false });
  return client;
}
