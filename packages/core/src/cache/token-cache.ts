import type { StoredToken } from "../token-store.js";
import type { AccessToken, GetTokenOptions } from "../types.js";
import type { TokenSource } from "../source/token-source.js";
import type { CacheConfig } from "./cache-config.js";
import { CacheState } from "./cache-state.js";
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
  return new Cache(source, config);
}

/** A class, so that a process holding thousands of clients keeps one copy of these methods. */
class Cache implements TokenCache {
  private readonly state: CacheState;
  private readonly load: ReturnType<typeof loader>;
  private inflight: Flight | undefined;
  private replacement: string | undefined;
  private replacedAt = 0;

  constructor(
    source: TokenSource,
    private readonly config: CacheConfig,
  ) {
    this.state = new CacheState(config);
    this.load = loader(source, config, this.state);
  }

  private start(kind: LoadKind, replaces?: string): Flight {
    const previous = this.inflight;
    const generation = this.state.generation;
    const flight = startFlight(
      async (self) => {
        if (kind === "force") {
          // Never a token read or requested before the call: wait for the running flight, then ask anew.
          await previous?.promise.catch(() => {});
          self.started = true;
        }
        return this.load(kind, self, generation);
      },
      kind === "force",
      replaces,
    );
    this.inflight = flight;
    const settle = () => {
      if (this.inflight === flight) this.inflight = undefined;
    };
    flight.promise.then(settle, settle);
    return flight;
  }

  private running(): Flight | undefined {
    return this.inflight && !this.inflight.controller.signal.aborted ? this.inflight : undefined;
  }

  private refreshInBackground(): void {
    if (this.running() || this.config.now() < this.state.nextLookAt || this.state.paused()) return;
    const flight = this.start("refresh");
    flight.waiting = Infinity;
    this.state.keepAlive(flight.promise.catch(() => {}));
  }

  private forced(replaces: string | undefined): Flight {
    const flight = this.running();
    if (flight?.forced && (!flight.started || (replaces !== undefined && flight.replaces === replaces))) return flight;
    return this.start("force", replaces);
  }

  async get(options?: GetTokenOptions): Promise<StoredToken> {
    const { state, config } = this;
    const token = state.current;
    if (options === undefined || (options.forceRefresh !== true && options.signal === undefined)) {
      if (token !== undefined && config.now() < state.refreshAt) {
        config.emit(state.servedFromMemory!);
        return token;
      }
    } else if (options.signal?.aborted) {
      throw aborted(options.signal);
    }
    const blocked = state.paused();
    if (options?.forceRefresh === true) return blocked ? state.refuse(blocked, false) : join(this.forced(undefined), options.signal);
    if (state.valid()) {
      if (config.now() >= state.refreshAt) this.refreshInBackground();
      config.emit(state.servedFromMemory!);
      return token!;
    }
    if (blocked) state.refuse(blocked, false);
    return join(this.running() ?? this.start("load"), options?.signal);
  }

  async replace(rejected: AccessToken, signal: AbortSignal | undefined): Promise<StoredToken | undefined> {
    const { state } = this;
    const current = state.current;
    if (current !== undefined && current.accessToken !== rejected.accessToken) return current;
    if (rejected.accessToken === this.replacement && this.config.now() < this.replacedAt + REPLACEMENT_HOLD_MS) return undefined;
    state.current = undefined;
    const blocked = state.paused();
    if (blocked) state.refuse(blocked, false);
    const token = await join(this.forced(rejected.accessToken), signal);
    this.replacement = token.accessToken;
    this.replacedAt = this.config.now();
    return token;
  }

  async invalidate(): Promise<void> {
    this.state.generation++;
    this.state.current = undefined;
    this.state.refreshAt = 0;
    this.inflight = undefined;
    await this.config.shared?.remove();
  }
}
