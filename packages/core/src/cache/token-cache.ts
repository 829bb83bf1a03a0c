import { ABORTED, type OccError } from "../errors.js";
import type { StoredToken } from "../token-store.js";
import type { AccessToken, GetTokenOptions } from "../types.js";
import type { TokenSource } from "../source/token-source.js";
import { safeCause } from "../util/cause.js";
import { noSecrets } from "../util/redact.js";
import type { CacheConfig } from "./cache-config.js";
import { aborted, type Flight, join, startFlight } from "./flight.js";
import { type Pause, pauseAfter } from "./pause.js";

/** A token obtained to replace a rejected one is not itself replaced within this time: no token pump. */
const REPLACEMENT_HOLD_MS = 30_000;
const LEASE_MIN_MS = 1_000;

/** Tokens for one configuration: memory, store, single flight, refresh-ahead, pauses and fleet leases. */
export interface TokenCache {
  get(options?: GetTokenOptions): Promise<StoredToken>;
  /** A token to replace `rejected`; undefined when `rejected` itself replaced another moments ago. */
  replace(rejected: AccessToken, signal: AbortSignal | undefined): Promise<StoredToken | undefined>;
  invalidate(): Promise<void>;
}

type LoadKind = "load" | "refresh" | "force";

/** A cache over any {@link TokenSource}: it knows no URL, secret or authentication method. */
export function tokenCache(source: TokenSource, config: CacheConfig): TokenCache {
  const { key, now, emit } = config;
  const { shared } = config;
  let current: StoredToken | undefined;
  // Derived once per token so the hot path is one comparison.
  let refreshAt = 0;
  let inflight: Flight | undefined;
  // invalidate() bumps it: a load begun before must not bring its token back.
  let generation = 0;
  let pause: Pause | undefined;
  let failures = 0;
  // After another instance took the lease, the next look at the store waits until then.
  let nextLookAt = 0;
  let replacement: string | undefined;
  let replacedAt = 0;

  const windowOf = (token: StoredToken) => Math.min(config.refreshSkewMs, (token.expiresAt - token.issuedAt) / 2);
  const isFresh = (token: StoredToken) => now() < token.expiresAt - windowOf(token);
  const valid = () => (current !== undefined && now() < current.expiresAt ? current : undefined);
  const paused = () => (pause !== undefined && now() < pause.until ? pause : undefined);

  function keepAlive(promise: Promise<unknown>): void {
    try {
      config.waitUntil?.(promise);
    } catch (error) {
      emit({ type: "wait_until_failed", key, error: safeCause(error, noSecrets) });
    }
  }

  function adopt(token: StoredToken, gen: number): StoredToken {
    if (gen !== generation) return token;
    current = token;
    const window = windowOf(token);
    // Instances sharing a store without a lease would all refresh at one instant; a random point in the later half
    // of the window lets the first new token reach the store before most of the others look.
    refreshAt = token.expiresAt - (shared?.spread ? window * (1 - config.random() / 2) : window);
    nextLookAt = 0;
    return token;
  }

  function refuse(blocked: Pause, background: boolean): never {
    emit({ type: "token_failed", key, error: blocked.error, attempts: 0, durationMs: 0, background, served: background, retryAt: blocked.until });
    throw blocked.error;
  }

  function failed(error: OccError, started: number, background: boolean): void {
    if (error.code === ABORTED) return;
    pause = pauseAfter(error, ++failures, now(), config.random);
    if (shared) keepAlive(shared.sharePause(pause));
    emit({ type: "token_failed", key, error, attempts: error.attempts ?? 0, durationMs: now() - started, background, served: background, retryAt: pause.until });
  }

  async function load(kind: LoadKind, flight: Flight, gen: number): Promise<StoredToken> {
    const started = now();
    const background = kind === "refresh";
    const usable = (token: StoredToken) => isFresh(token) && token.accessToken !== flight.replaces && (!background || token.expiresAt > (current?.expiresAt ?? 0));
    // A replacement may come from the store (another instance replaced the token); a forced load never does.
    if (shared && (kind !== "force" || flight.replaces)) {
      const stored = await shared.token(usable);
      if (stored) {
        emit({ type: "token_cached", key, expiresAt: stored.expiresAt, source: "store" });
        return adopt(stored, gen);
      }
      pause = paused() ?? (await shared.pause());
    }
    const blocked = paused();
    if (blocked) refuse(blocked, background);
    let held = false;
    if (shared && kind !== "force") {
      const ttl = current ? Math.max(LEASE_MIN_MS, Math.min(config.requestBudgetMs, windowOf(current) / 3)) : config.requestBudgetMs;
      const outcome = await shared.coordinate(ttl, background ? valid : () => undefined, usable, flight.controller.signal);
      if (outcome === "busy") {
        nextLookAt = now() + Math.min(1_000, ttl / 4);
        return current!;
      }
      if ("token" in outcome) return adopt(outcome.token, gen);
      held = outcome.held;
    }
    try {
      const { token, attempts, quota } = await source(flight.controller.signal);
      failures = 0;
      pause = undefined;
      emit({ type: "token_fetched", key, expiresAt: token.expiresAt, attempts, durationMs: now() - started, background, ...(quota && { quota }) });
      // Written in the background: a slow store must not delay handing out the token. The lease is released after
      // the write, so the others find the token when they look.
      if (shared) keepAlive(shared.publish(token, held));
      return adopt(token, gen);
    } catch (error) {
      if (shared) keepAlive(shared.release(held));
      failed(error as OccError, started, background);
      throw error;
    }
  }

  function start(kind: LoadKind, replaces?: string): Flight {
    const previous = inflight;
    const gen = generation;
    const flight = startFlight(async (self) => {
      if (kind === "force") {
        // Never a token read or requested before the call: wait for the running flight, then ask anew.
        await previous?.promise.catch(() => {});
        self.started = true;
      }
      return load(kind, self, gen);
    }, kind === "force", replaces);
    inflight = flight;
    const settle = () => {
      if (inflight === flight) inflight = undefined;
    };
    flight.promise.then(settle, settle);
    return flight;
  }

  const running = () => (inflight && !inflight.controller.signal.aborted ? inflight : undefined);

  function refreshInBackground(): void {
    if (running() || now() < nextLookAt || paused()) return;
    const flight = start("refresh");
    flight.waiting = Infinity;
    keepAlive(flight.promise.catch(() => {}));
  }

  function forced(replaces: string | undefined): Flight {
    const flight = running();
    if (flight?.forced && (!flight.started || (replaces !== undefined && flight.replaces === replaces))) return flight;
    return start("force", replaces);
  }

  return {
    async get(options) {
      const token = current;
      if (options === undefined || (options.forceRefresh !== true && options.signal === undefined)) {
        if (token !== undefined && now() < refreshAt) {
          emit({ type: "token_cached", key, expiresAt: token.expiresAt, source: "memory" });
          return token;
        }
      } else if (options.signal?.aborted) {
        throw aborted(options.signal);
      }
      const blocked = paused();
      if (options?.forceRefresh === true) return blocked ? refuse(blocked, false) : join(forced(undefined), options.signal);
      if (valid()) {
        if (now() >= refreshAt) refreshInBackground();
        emit({ type: "token_cached", key, expiresAt: token!.expiresAt, source: "memory" });
        return token!;
      }
      if (blocked) refuse(blocked, false);
      return join(running() ?? start("load"), options?.signal);
    },

    async replace(rejected, signal) {
      if (current !== undefined && current.accessToken !== rejected.accessToken) return current;
      if (rejected.accessToken === replacement && now() < replacedAt + REPLACEMENT_HOLD_MS) return undefined;
      current = undefined;
      const blocked = paused();
      if (blocked) refuse(blocked, false);
      const token = await join(forced(rejected.accessToken), signal);
      replacement = token.accessToken;
      replacedAt = now();
      return token;
    },

    async invalidate() {
      generation++;
      current = undefined;
      refreshAt = 0;
      inflight = undefined;
      await shared?.remove();
    },
  };
}
