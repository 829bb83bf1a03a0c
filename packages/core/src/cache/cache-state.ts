import { ABORTED, type OccError } from "../errors.js";
import type { StoredToken } from "../token-store.js";
import { safeCause } from "../util/cause.js";
import { noSecrets } from "../util/redact.js";
import type { OccEvent } from "../events.js";
import type { CacheConfig } from "./cache-config.js";
import { type Pause, pauseAfter } from "./pause.js";

/** What a token cache knows between calls, and the small rules that read or change it. */
export type CacheState = ReturnType<typeof cacheState>;

/** The state of one cache, with the rules shared by its loads and its public operations. */
export function cacheState(config: CacheConfig) {
  const { key, now, emit, shared } = config;
  const windowOf = (token: StoredToken) => Math.min(config.refreshSkewMs, (token.expiresAt - token.issuedAt) / 2);

  const state = {
    current: undefined as StoredToken | undefined,
    // Derived once per token so the hot path is one comparison.
    refreshAt: 0,
    // invalidate() bumps it: a load begun before must not bring its token back.
    generation: 0,
    pause: undefined as Pause | undefined,
    failures: 0,
    // After another instance took the lease, the next look at the store waits until then.
    nextLookAt: 0,
    // The event of every call served from memory, made once per token: the hot path allocates nothing.
    servedFromMemory: undefined as OccEvent | undefined,
    windowOf,
    isFresh: (token: StoredToken) => now() < token.expiresAt - windowOf(token),
    valid: () => (state.current !== undefined && now() < state.current.expiresAt ? state.current : undefined),
    paused: () => (state.pause !== undefined && now() < state.pause.until ? state.pause : undefined),

    /** Hands background work to `waitUntil`; a hook that throws (an unbound `ctx.waitUntil`) is reported, not fatal. */
    keepAlive(promise: Promise<unknown>): void {
      try {
        config.waitUntil?.(promise);
      } catch (error) {
        emit({ type: "wait_until_failed", key, error: safeCause(error, noSecrets) });
      }
    },

    /** Makes `token` the one served, unless the cache was invalidated since the load that got it began. */
    adopt(token: StoredToken, generation: number): StoredToken {
      if (generation !== state.generation) return token;
      state.current = token;
      state.servedFromMemory = Object.freeze({ type: "token_cached", key, expiresAt: token.expiresAt, source: "memory" });
      const window = windowOf(token);
      // Instances sharing a store without a lease would all refresh at one instant; a random point in the later
      // half of the window lets the first new token reach the store before most of the others look.
      state.refreshAt = token.expiresAt - (shared?.spread ? window * (1 - config.random() / 2) : window);
      state.nextLookAt = 0;
      return token;
    },

    /** A call refused during a pause: reported, and the pause's error thrown. */
    refuse(blocked: Pause, background: boolean): never {
      emit({ type: "token_failed", key, error: blocked.error, attempts: 0, durationMs: 0, background, served: background, retryAt: blocked.until });
      throw blocked.error;
    },

    /** A token request failed: pause (and tell the fleet), and report it. A caller giving up is no failure. */
    failed(error: OccError, started: number, background: boolean): void {
      if (error.code === ABORTED) return;
      const pause = (state.pause = pauseAfter(error, ++state.failures, now(), config.random));
      if (shared) state.keepAlive(shared.sharePause(pause));
      emit({ type: "token_failed", key, error, attempts: error.attempts ?? 0, durationMs: now() - started, background, served: background, retryAt: pause.until });
    },
  };
  return state;
}
