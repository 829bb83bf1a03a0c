/**
 * A clock the case moves by hand, for the client's `now` option: pauses, cool-downs and expiry are crossed without
 * waiting, and workerd (whose clock only moves on I/O) behaves like every other runtime.
 */

/** A settable clock. */
export interface ManualClock {
  /** The `now` option. */
  readonly now: () => number;
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void;
  /** Sets the clock to `at` (epoch ms). */
  set(at: number): void;
}

/** A clock that starts at `start` (default: the real time) and moves only when told. */
export function manualClock(start = Date.now()): ManualClock {
  let at = start;
  return {
    now: () => at,
    advance(ms) {
      at += ms;
    },
    set(value) {
      at = value;
    },
  };
}
