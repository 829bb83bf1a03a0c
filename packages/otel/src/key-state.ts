import type { Attributes } from "@opentelemetry/api";
import type { TokenQuota } from "@occ/core";
import { ATTR_KEY } from "./attributes.js";

/** What is remembered per store key between collections: kept as plain numbers so the hot path allocates nothing. */
export interface KeyState {
  /** `occ.key` plus the user's attributes, built once per key. */
  readonly attributes: Attributes;
  /** The latest token's expiry, epoch ms. */
  expiresAt: number;
  memoryHits: number;
  storeHits: number;
  /** The latest quota the token endpoint reported. */
  quota: TokenQuota | undefined;
}

/** Per-key state, created on first sight of a key. */
export class KeyStates {
  readonly #states = new Map<string, KeyState>();
  readonly #extra: Attributes;
  // Consecutive events are nearly always for the same key (one client per process is the usual case).
  #lastKey: string | undefined;
  #last: KeyState | undefined;

  constructor(extra: Attributes) {
    this.#extra = extra;
  }

  /** Counts a cache hit and remembers the token's expiry. */
  cached(key: string, source: "memory" | "store", expiresAt: number): void {
    const state = this.get(key);
    if (source === "memory") state.memoryHits++;
    else state.storeHits++;
    state.expiresAt = expiresAt;
  }

  /** The state for `key`, created when it is new. */
  get(key: string): KeyState {
    if (key === this.#lastKey) return this.#last!;
    let state = this.#states.get(key);
    if (state === undefined) {
      state = { attributes: { ...this.#extra, [ATTR_KEY]: key }, expiresAt: 0, memoryHits: 0, storeHits: 0, quota: undefined };
      this.#states.set(key, state);
    }
    this.#lastKey = key;
    this.#last = state;
    return state;
  }

  /** Every key seen so far. */
  values(): IterableIterator<KeyState> {
    return this.#states.values();
  }
}
