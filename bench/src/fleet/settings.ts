/**
 * What every fleet configuration shares: short tokens so ten lifetimes fit in 100 s, an endpoint slow enough that
 * a caller waiting for it shows, and the three ways a fleet can share (or not share) its token.
 */

/** Lifetime the bench server gives every token (`expires_in`). */
export const TOKEN_TTL_SECONDS = 10;
/** Clients replace a token this long before it expires, so one token serves 7 s. */
export const REFRESH_SKEW_SECONDS = 3;
/** Every token request is answered after this long: a caller that waits for the endpoint waits at least this. */
export const ENDPOINT_DELAY_MS = 150;
/** Each instance starts a `getToken()` on each of its clients this often. */
export const CALLER_INTERVAL_MS = 20;
/** A caller that waited longer than this waited for the token endpoint (the target: none). */
export const SLOW_CALL_MS = 20;
/**
 * Calls are timed from this long after the start, and at least 1 s after every instance has its first tokens:
 * the cold start is not a refresh boundary.
 */
export const WARM_UP_MS = 3_000;
/**
 * Requests that begin at least this long after the first request of the current round begin a new round; the
 * rest belong to it. A token is replaced 7 s after it was issued (10 s lifetime, 3 s skew); extra requests of a
 * round come within 2 s (the lease-less spread is 1.5 s), so more than half of 7 s separates rounds even when a
 * loaded machine delays a request by a second or two.
 */
export const ROUND_GAP_MS = 4_000;

/**
 * - `lease`: the platform's store as shipped, with `acquireLease`/`releaseLease`: one instance refreshes.
 * - `lease-less`: the same store wrapped by `defineStore` with only get/set/delete: refresh points spread at random.
 * - `no store`: independent instances, each with its own token.
 */
export const VARIANTS = ["lease", "lease-less", "no store"] as const;
export type Variant = (typeof VARIANTS)[number];

/** The bench server namespace (its own token counter and log) of one variant in one configuration. */
export const namespaceOf = (configuration: string, variant: Variant) => `fleet-${configuration}-${variant.replace(" ", "-")}`;

/** The token endpoint of a namespace on the bench server. */
export const tokenUrlOf = (serverUrl: string, namespace: string) => `${serverUrl}/${namespace}/${TOKEN_TTL_SECONDS}/${ENDPOINT_DELAY_MS}/token`;

/** The client credentials every instance uses (the bench server checks only that some are sent). */
export const CLIENT_ID = "fleet-bench";
export const CLIENT_SECRET = "fleet-bench-secret";
