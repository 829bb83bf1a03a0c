import type { OccError } from "../errors.js";
import type { TokenSource } from "../source/token-source.js";
import type { StoredToken } from "../token-store.js";
import type { CacheConfig } from "./cache-config.js";
import type { CacheState } from "./cache-state.js";
import type { Flight } from "./flight.js";

/**
 * A refresh-ahead lease lasts half the refresh window (at least 1 s): long enough that a holder slowed by a busy
 * machine still delivers under it, short enough that a dead holder is replaced with half the window to spare.
 */
const LEASE_MIN_MS = 1_000;

/** `load` a cold or expired token, `refresh` ahead in the background, or `force` a new one from the endpoint. */
export type LoadKind = "load" | "refresh" | "force";

/**
 * One load of a flight: a usable token from the store, else — outside a pause, and once the fleet's lease says this
 * instance is the one — a token from the source, written back in the background.
 */
export function loader(source: TokenSource, config: CacheConfig, state: CacheState) {
  const { key, now, emit, shared } = config;
  return async function load(kind: LoadKind, flight: Flight, generation: number): Promise<StoredToken> {
    const started = now();
    const background = kind === "refresh";
    const usable = (token: StoredToken) =>
      state.isFresh(token) && token.accessToken !== flight.replaces && (!background || token.expiresAt > (state.current?.expiresAt ?? 0));
    // A replacement may come from the store (another instance replaced the token); a forced load never does.
    if (shared && (kind !== "force" || flight.replaces)) {
      const stored = await shared.token(usable);
      if (stored) {
        emit({ type: "token_cached", key, expiresAt: stored.expiresAt, source: "store" });
        return state.adopt(stored, generation);
      }
      state.pause = state.paused() ?? (await shared.pause());
    }
    const blocked = state.paused();
    if (blocked) state.refuse(blocked, background);
    let held = false;
    if (shared && kind !== "force") {
      const current = state.current;
      const ttl = current ? Math.max(LEASE_MIN_MS, Math.min(config.requestBudgetMs, state.windowOf(current) / 2)) : config.requestBudgetMs;
      const outcome = await shared.coordinate(ttl, background ? () => state.valid() : () => undefined, usable, flight.controller.signal);
      if (outcome === "busy") {
        state.nextLookAt = now() + Math.min(1_000, ttl / 4);
        return state.current!;
      }
      if ("token" in outcome) {
        emit({ type: "token_cached", key, expiresAt: outcome.token.expiresAt, source: "store" });
        return state.adopt(outcome.token, generation);
      }
      held = outcome.held;
    }
    try {
      const { token, attempts, quota } = await source(flight.controller.signal);
      state.failures = 0;
      state.pause = undefined;
      emit({ type: "token_fetched", key, expiresAt: token.expiresAt, attempts, durationMs: now() - started, background, ...(quota && { quota }) });
      // Written in the background: a slow store must not delay handing out the token. The lease is released after
      // the write, so the others find the token when they look.
      if (shared) state.keepAlive(shared.publish(token, held));
      return state.adopt(token, generation);
    } catch (error) {
      if (shared) state.keepAlive(shared.release(held));
      state.failed(error as OccError, started, background);
      throw error;
    }
  };
}
