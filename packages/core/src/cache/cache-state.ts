import { ABORTED, type OccError } from "../errors.js";
import type { OccEvent } from "../events.js";
import type { StoredToken } from "../token-store.js";
import { safeCause } from "../util/cause.js";
import { noSecrets } from "../util/redact.js";
import type { CacheConfig } from "./cache-config.js";
import { type Pause, pauseAfter } from "./pause.js";

/**
 * What a token cache knows between calls, and the small rules that read or change it. A class, so that the rules
 * live once on its prototype: a process may hold thousands of clients (one per tenant).
 */
export class CacheState {
  current: StoredToken | undefined;
  // Derived once per token so the hot path is one comparison.
  refreshAt = 0;
  // invalidate() bumps it: a load begun before must not bring its token back.
  generation = 0;
  pause: Pause | undefined;
  failures = 0;
  // After another instance took the lease, the next look at the store waits until then.
  nextLookAt = 0;
  // The event of every call served from memory, made once per token: the hot path allocates nothing.
  servedFromMemory: OccEvent | undefined;

  constructor(private readonly config: CacheConfig) {}

  windowOf(token: StoredToken): number {
    return Math.min(this.config.refreshSkewMs, (token.expiresAt - token.issuedAt) / 2);
  }

  isFresh(token: StoredToken): boolean {
    return this.config.now() < token.expiresAt - this.windowOf(token);
  }

  valid(): StoredToken | undefined {
    return this.current !== undefined && this.config.now() < this.current.expiresAt ? this.current : undefined;
  }

  paused(): Pause | undefined {
    return this.pause !== undefined && this.config.now() < this.pause.until ? this.pause : undefined;
  }

  /** Hands background work to `waitUntil`; a hook that throws (an unbound `ctx.waitUntil`) is reported, not fatal. */
  keepAlive(promise: Promise<unknown>): void {
    try {
      this.config.waitUntil?.(promise);
    } catch (error) {
      this.config.emit({ type: "wait_until_failed", key: this.config.key, error: safeCause(error, noSecrets) });
    }
  }

  /** Makes `token` the one served, unless the cache was invalidated since the load that got it began. */
  adopt(token: StoredToken, generation: number): StoredToken {
    if (generation !== this.generation) return token;
    const { config } = this;
    this.current = token;
    this.servedFromMemory = Object.freeze({ type: "token_cached", key: config.key, expiresAt: token.expiresAt, source: "memory" });
    const window = this.windowOf(token);
    // Instances sharing a store without a lease would all refresh at one instant; a random point in the later
    // half of the window lets the first new token reach the store before most of the others look.
    this.refreshAt = token.expiresAt - (config.shared?.spread ? window * (1 - config.random() / 2) : window);
    this.nextLookAt = 0;
    return token;
  }

  /** A call refused during a pause: reported, and the pause's error thrown. */
  refuse(blocked: Pause, background: boolean): never {
    this.config.emit({ type: "token_failed", key: this.config.key, error: blocked.error, attempts: 0, durationMs: 0, background, served: background, retryAt: blocked.until });
    throw blocked.error;
  }

  /** A token request failed: pause (and tell the fleet), and report it. A caller giving up is no failure. */
  failed(error: OccError, started: number, background: boolean): void {
    if (error.code === ABORTED) return;
    const { config } = this;
    const pause = (this.pause = pauseAfter(error, ++this.failures, config.now(), config.random));
    if (config.shared) this.keepAlive(config.shared.sharePause(pause));
    config.emit({ type: "token_failed", key: config.key, error, attempts: error.attempts ?? 0, durationMs: config.now() - started, background, served: background, retryAt: pause.until });
  }
}
