import type { Meter } from "@opentelemetry/api";
import { ATTR_QUOTA_HEADER, ATTR_TOKEN_SOURCE } from "./attributes.js";
import type { Instruments } from "./instruments.js";
import type { KeyStates } from "./key-state.js";

/**
 * Reports the asynchronous instruments at each collection, from the per-key state the event handler keeps.
 * Cache hits are counted in plain numbers and reported here, because a cached `getToken()` is the hot path and a
 * synchronous counter would cost an attribute lookup on every call.
 */
export function observeKeyStates(meter: Meter, instruments: Instruments, states: KeyStates): void {
  const { cacheHits, timeToExpiry, quotaLimit, quotaRemaining } = instruments;
  meter.addBatchObservableCallback(
    (result) => {
      const now = Date.now();
      for (const state of states.values()) {
        const { attributes } = state;
        if (state.memoryHits > 0) result.observe(cacheHits, state.memoryHits, { ...attributes, [ATTR_TOKEN_SOURCE]: "memory" });
        if (state.storeHits > 0) result.observe(cacheHits, state.storeHits, { ...attributes, [ATTR_TOKEN_SOURCE]: "store" });
        if (state.expiresAt > 0) result.observe(timeToExpiry, Math.max(0, (state.expiresAt - now) / 1000), attributes);
        const quota = state.quota;
        if (quota === undefined) continue;
        const quotaAttributes = { ...attributes, [ATTR_QUOTA_HEADER]: quota.header };
        if (quota.limit !== undefined) result.observe(quotaLimit, quota.limit, quotaAttributes);
        if (quota.remaining !== undefined) result.observe(quotaRemaining, quota.remaining, quotaAttributes);
      }
    },
    [cacheHits, timeToExpiry, quotaLimit, quotaRemaining],
  );
}
