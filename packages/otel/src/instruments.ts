import type { Counter, Histogram, Meter, ObservableCounter, ObservableGauge } from "@opentelemetry/api";

/**
 * Bucket boundaries for token request durations, in seconds: those OpenTelemetry advises for
 * `http.client.request.duration`, plus 30 s for a request that waited out its retries.
 */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30];

/** Every instrument `otelEvents` records to. Names follow OpenTelemetry's naming rules under the `occ.` namespace. */
export interface Instruments {
  requests: Counter;
  duration: Histogram;
  cacheHits: ObservableCounter;
  refreshFailures: Counter;
  timeToExpiry: ObservableGauge;
  retries: Counter;
  storeErrors: Counter;
  leases: Counter;
  credentialSwitches: Counter;
  waitUntilFailures: Counter;
  quotaLimit: ObservableGauge;
  quotaRemaining: ObservableGauge;
}

/** Creates the instruments on `meter`. */
export function createInstruments(meter: Meter): Instruments {
  return {
    requests: meter.createCounter("occ.token.requests", {
      unit: "{request}",
      description: "Token requests, by outcome: success, failure (by error.type) or refused during a pause without asking the server.",
    }),
    duration: meter.createHistogram("occ.token.request.duration", {
      unit: "s",
      description: "Duration of token requests that reached the token endpoint, retries included.",
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
    cacheHits: meter.createObservableCounter("occ.token.cache.hits", {
      unit: "{hit}",
      description: "Tokens served without a token request, by source: this client's memory or the shared store.",
    }),
    refreshFailures: meter.createCounter("occ.token.refresh.failures", {
      unit: "{failure}",
      description: "Background refreshes (refresh-ahead) that failed; occ.token.served tells whether the still-valid token was served.",
    }),
    timeToExpiry: meter.createObservableGauge("occ.token.time_to_expiry", {
      unit: "s",
      description: "Seconds of validity left on the latest token seen for each key; 0 once it has expired.",
    }),
    retries: meter.createCounter("occ.token.retries", {
      unit: "{retry}",
      description: "Token request attempts that failed and were retried.",
    }),
    storeErrors: meter.createCounter("occ.store.errors", {
      unit: "{error}",
      description: "Token store calls that failed, hung or returned something invalid; occ carried on without the store.",
    }),
    leases: meter.createCounter("occ.lease.outcomes", {
      unit: "{outcome}",
      description: "Fleet refresh lease outcomes: acquired, busy, taken_over, lost.",
    }),
    credentialSwitches: meter.createCounter("occ.credentials.switches", {
      unit: "{switch}",
      description: "Times the server refused the credentials in use and other configured ones worked.",
    }),
    waitUntilFailures: meter.createCounter("occ.wait_until.failures", {
      unit: "{failure}",
      description: "Calls to the waitUntil hook that threw; the background work went on without it.",
    }),
    quotaLimit: meter.createObservableGauge("occ.quota.limit", {
      unit: "{request}",
      description: "The token endpoint's rate limit or quota, from its latest response headers.",
    }),
    quotaRemaining: meter.createObservableGauge("occ.quota.remaining", {
      unit: "{request}",
      description: "What is left of the token endpoint's rate limit or quota, from its latest response headers.",
    }),
  };
}
