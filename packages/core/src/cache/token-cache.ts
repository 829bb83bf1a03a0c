import type { StoredToken } from "../token-store.js";
import type { AccessToken, GetTokenOptions } from "../types.js";
import type { TokenSource } from "../source/token-source.js";
import type { CacheConfig } from "./cache-config.js";
import { cacheState } from "./cache-state.js";
import { aborted, type Flight, join, startFlight } from "./flight.js";
import { type LoadKind, loader } from "./load.js";

/** A token obtained to replace a rejected one is not itself replaced within this time: no token pump. */
const REPLACEMENT_HOLD_MS = 30_000;

/** Tokens for one configuration: memory, store, single flight, refresh-ahead, pauses and fleet leases. */
export interface TokenCache {
  get(options?: GetTokenOptions): Promise<StoredToken>;
  /** A token to replace `rejected`; undefined when `rejected` itself replaced another moments ago. */
  replace(rejected: AccessToken, signal: AbortSignal | undefined): Promise<StoredToken | undefined>;
  invalidate(): Promise<void>;
}

/** A cache over any {@link TokenSource}: it knows no URL, secret or authentication method. */
export function tokenCache(source: TokenSource, config: CacheConfig): TokenCache {
  const { now, emit } = config;
  const state = cacheState(config);
  const load = loader(source, config, state);
  let inflight: Flight | undefined;
  let replacement: string | undefined;
  let replacedAt = 0;

  function start(kind: LoadKind, replaces?: string): Flight {
    const previous = inflight;
    const generation = state.generation;
    const flight = startFlight(
      async (self) => {
        if (kind === "force") {
          // Never a token read or requested before the call: wait for the running flight, then ask anew.
          await previous?.promise.catch(() => {});
          self.started = true;
        }
        return load(kind, self, generation);
      },
      kind === "force",
      replaces,
    );
    inflight = flight;
    const settle = () => {
      if (inflight === flight) inflight = undefined;
    };
    flight.promise.then(settle, settle);
    return flight;
  }

  const running = () => (inflight && !inflight.controller.signal.aborted ? inflight : undefined);

  function refreshInBackground(): void {
    if (running() || now() < state.nextLookAt || state.paused()) return;
    const flight = start("refresh");
    flight.waiting = Infinity;
    state.keepAlive(flight.promise.catch(() => {}));
  }

  function forced(replaces: string | undefined): Flight {
    const flight = running();
    if (flight?.forced && (!flight.started || (replaces !== undefined && flight.replaces === replaces))) return flight;
    return start("force", replaces);
  }

  return {
    async get(options) {
      const token = state.current;
      if (options === undefined || (options.forceRefresh !== true && options.signal === undefined)) {
        if (token !== undefined && now() < state.refreshAt) {
          emit(state.servedFromMemory!);
          return token;
        }
      } else if (options.signal?.aborted) {
        throw aborted(options.signal);
      }
      const blocked = state.paused();
      if (options?.forceRefresh === true) return blocked ? state.refuse(blocked, false) : join(forced(undefined), options.signal);
      if (state.valid()) {
        if (now() >= state.refreshAt) refreshInBackground();
        emit(state.servedFromMemory!);
        return token!;
      }
      if (blocked) state.refuse(blocked, false);
      return join(running() ?? start("load"), options?.signal);
    },

    async replace(rejected, signal) {
      const current = state.current;
      if (current !== undefined && current.accessToken !== rejected.accessToken) return current;
      if (rejected.accessToken === replacement && now() < replacedAt + REPLACEMENT_HOLD_MS) return undefined;
      state.current = undefined;
      const blocked = state.paused();
      if (blocked) state.refuse(blocked, false);
      const token = await join(forced(rejected.accessToken), signal);
      replacement = token.accessToken;
      replacedAt = now();
      return token;
    },

    async invalidate() {
      state.generation++;
      state.current = undefined;
      state.refreshAt = 0;
      inflight = undefined;
      await config.shared?.remove();
    },
  };
}
