import { ABORTED, OccError } from "../errors.js";
import type { StoredToken } from "../token-store.js";
import { safeCause } from "../util/cause.js";
import { noSecrets } from "../util/redact.js";

/** One token load shared by every caller who asks while it runs (single flight). */
export interface Flight {
  promise: Promise<StoredToken>;
  controller: AbortController;
  /** Callers still waiting that could give up (they passed a signal); Infinity once one waits without a signal. */
  waiting: number;
  /** Started by `forceRefresh` or a rejected token: it never serves a token obtained before it. */
  forced: boolean;
  /** Set when its own request begins; a forced flight queued behind another has not begun. */
  started: boolean;
  /** The access token it replaces, when a resource server rejected one. */
  replaces: string | undefined;
}

export const aborted = (signal: AbortSignal) =>
  new OccError(ABORTED, "getToken was aborted by the caller's signal", { cause: safeCause(signal.reason, noSecrets) });

/** Starts a flight; `run` gets the signal that cancels it once every caller has given up. */
export function startFlight(run: (flight: Flight) => Promise<StoredToken>, forced: boolean, replaces?: string): Flight {
  const flight = { controller: new AbortController(), waiting: 0, forced, started: !forced, replaces } as Flight;
  flight.promise = run(flight);
  return flight;
}

/**
 * Waits for a flight. A caller with a signal may stop waiting; when every caller has, nobody wants the token any
 * more and the request is cancelled rather than left to run through its retries.
 */
export function join(flight: Flight, signal: AbortSignal | undefined): Promise<StoredToken> {
  if (signal === undefined) {
    flight.waiting = Infinity;
    return flight.promise;
  }
  flight.waiting++;
  return new Promise<StoredToken>((resolve, reject) => {
    const onAbort = () => {
      reject(aborted(signal));
      if (--flight.waiting === 0) flight.controller.abort();
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    const settle = () => signal.removeEventListener("abort", onAbort);
    flight.promise.then(
      (value) => (settle(), resolve(value)),
      (error: unknown) => (settle(), reject(error)),
    );
  });
}
