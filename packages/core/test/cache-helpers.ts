/** A fake token source and a clock for the cache's tests: no network, no sleeps, every answer given by the test. */
import { tokenCache, type TokenCache } from "../src/cache/token-cache.ts";
import type { CacheConfig } from "../src/cache/cache-config.ts";
import { SHARE } from "../src/shared/share-symbol.ts";
import type { SharedStore } from "../src/shared/define-store.ts";
import type { OccEvent, StoredToken } from "../src/index.ts";
import type { SourcedToken } from "../src/source/token-source.ts";
import { OccError } from "../src/index.ts";
import { manualClock } from "./helpers.ts";

export interface PendingRequest {
  signal: AbortSignal;
  resolve(token: StoredToken): void;
  reject(error: unknown): void;
}

/** Tokens with a given lifetime, issued now by the clock. */
export function tokenFactory(now: () => number) {
  let n = 0;
  return (lifetimeMs = 600_000, extra: Partial<StoredToken> = {}): StoredToken =>
    Object.freeze({ accessToken: `tok-${++n}`, tokenType: "Bearer", issuedAt: now(), expiresAt: now() + lifetimeMs, ...extra });
}

/** A source whose requests wait until the test answers them. */
export function fakeSource() {
  const requests: PendingRequest[] = [];
  const source = (signal: AbortSignal) =>
    new Promise<SourcedToken>((resolve, reject) => {
      requests.push({ signal, resolve: (token) => resolve({ token, attempts: 1, quota: undefined }), reject });
    });
  return { source, requests };
}

/** Lets every pending promise callback run (a macrotask turn drains the microtask queue), a few times over. */
export const settle = async (turns = 3) => {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

export interface CacheRig {
  cache: TokenCache;
  requests: PendingRequest[];
  clock: ReturnType<typeof manualClock>;
  events: OccEvent[];
  of<T extends OccEvent["type"]>(type: T): Extract<OccEvent, { type: T }>[];
  token: ReturnType<typeof tokenFactory>;
  background: Promise<unknown>[];
  /** Lets `pending` reach the source, answers its request with `token` (a new one by default), and waits for it. */
  serve(pending: Promise<unknown>, token?: StoredToken): Promise<StoredToken>;
}

/** A cache over a fake source with a manual clock; `random` is fixed unless given. */
export function cacheRig(options: Partial<CacheConfig> & { store?: SharedStore; clock?: ReturnType<typeof manualClock> } = {}): CacheRig {
  const clock = options.clock ?? manualClock();
  const events: OccEvent[] = [];
  const background: Promise<unknown>[] = [];
  const { source, requests } = fakeSource();
  const emit = (event: OccEvent) => events.push(event);
  const key = options.key ?? "k";
  const cache = tokenCache(source, {
    key,
    shared: options.store?.[SHARE]({ key, tokenTypes: ["bearer"], jkt: undefined, timeout: 1_000, now: clock.now, emit }),
    refreshSkewMs: 60_000,
    requestBudgetMs: 30_000,
    now: clock.now,
    random: () => 0.5,
    emit,
    waitUntil: (promise) => void background.push(promise),
    ...options,
  });
  const token = tokenFactory(clock.now);
  return {
    cache,
    requests,
    clock,
    events,
    of: (type) => events.filter((e) => e.type === type) as never,
    token,
    background,
    async serve(pending, issued = token()) {
      await settle();
      requests.at(-1)!.resolve(issued);
      await pending;
      return issued;
    },
  };
}

/** An error as the source throws it: after one request. */
export const failure = (code: OccError["code"] = "OCC_NETWORK_ERROR", extra: { status?: number; retryAt?: number } = {}) =>
  Object.assign(new OccError(code, `failed (${code})`, extra), { attempts: 1 });
