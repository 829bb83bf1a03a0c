import { type Attributes, type MeterProvider, metrics, trace, type Tracer, type TracerProvider } from "@opentelemetry/api";
import type { OccEvent } from "@occ/core";
import { version } from "../package.json";
import {
  ATTR_AUTH_METHOD,
  ATTR_LEASE_OUTCOME,
  ATTR_SECRET_INDEX,
  ATTR_STORE_OPERATION,
  ATTR_TOKEN_BACKGROUND,
  ATTR_TOKEN_OUTCOME,
  ATTR_TOKEN_SERVED,
  errorAttributes,
} from "./attributes.js";
import { createInstruments, type Instruments } from "./instruments.js";
import { KeyStates } from "./key-state.js";
import { observeKeyStates } from "./observers.js";
import { recordTokenSpan } from "./token-span.js";

/** The instrumentation scope name of every meter and tracer `otelEvents` uses. */
export const INSTRUMENTATION_SCOPE = "@occ/otel";

/** Options for {@link otelEvents}. */
export interface OtelEventsOptions {
  /** Where metrics go. Default: the global provider (`metrics.setGlobalMeterProvider`, or the Node SDK's). */
  meterProvider?: MeterProvider;
  /** Where spans go. Default: the global provider. */
  tracerProvider?: TracerProvider;
  /**
   * Added to every metric point and span, e.g. `{ "occ.client.name": "billing" }` to tell clients apart by more
   * than their hashed key. occ records no client id on its own: put it here if you want it recorded.
   */
  attributes?: Attributes;
  /** Your own event handler, called with every event after it is recorded. */
  onEvent?: (event: OccEvent) => void;
}

/**
 * An `onEvent` handler that records occ's events as OpenTelemetry metrics and spans:
 * `createClient({ ..., onEvent: otelEvents() })`. Create one per client configuration, or share one between
 * clients: every measurement carries the client's `occ.key`. Never records the secret or the access token.
 */
export function otelEvents(options: OtelEventsOptions = {}): (event: OccEvent) => void {
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(INSTRUMENTATION_SCOPE, version);
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(INSTRUMENTATION_SCOPE, version);
  const instruments = createInstruments(meter);
  const states = new KeyStates(options.attributes ?? {});
  observeKeyStates(meter, instruments, states);
  const userHandler = options.onEvent;

  return (event) => {
    if (event.type === "token_cached") {
      // The hot path, kept apart: plain counters, reported by the observable instruments at collection.
      states.cached(event.key, event.source, event.expiresAt);
    } else {
      try {
        record(event, instruments, states, tracer);
      } finally {
        userHandler?.(event);
      }
      return;
    }
    userHandler?.(event);
  };
}

function record(event: Exclude<OccEvent, { type: "token_cached" }>, instruments: Instruments, states: KeyStates, tracer: Tracer): void {
  // `discovered` carries no key and no measurement: nothing to record.
  if (event.type === "discovered") return;
  const state = states.get(event.key);
  const base = state.attributes;
  switch (event.type) {
    case "token_fetched": {
      state.expiresAt = event.expiresAt;
      if (event.quota !== undefined) state.quota = event.quota;
      const attributes = { ...base, [ATTR_TOKEN_OUTCOME]: "success", [ATTR_TOKEN_BACKGROUND]: event.background };
      instruments.requests.add(1, attributes);
      instruments.duration.record(event.durationMs / 1000, attributes);
      return recordTokenSpan(tracer, event, base);
    }
    case "token_failed": {
      const failure = errorAttributes(event.error);
      if (event.attempts === 0) {
        // Refused during a pause: no request reached the server, so no duration and no span.
        instruments.requests.add(1, { ...base, ...failure, [ATTR_TOKEN_OUTCOME]: "refused", [ATTR_TOKEN_BACKGROUND]: event.background });
        return;
      }
      const attributes = { ...base, ...failure, [ATTR_TOKEN_OUTCOME]: "failure", [ATTR_TOKEN_BACKGROUND]: event.background };
      instruments.requests.add(1, attributes);
      instruments.duration.record(event.durationMs / 1000, attributes);
      if (event.background) instruments.refreshFailures.add(1, { ...base, ...failure, [ATTR_TOKEN_SERVED]: event.served });
      return recordTokenSpan(tracer, event, base);
    }
    case "retry":
      return instruments.retries.add(1, { ...base, ...errorAttributes(event.error) });
    case "store_error":
      return instruments.storeErrors.add(1, { ...base, ...errorAttributes(event.error), [ATTR_STORE_OPERATION]: event.operation });
    case "lease":
      return instruments.leases.add(1, { ...base, [ATTR_LEASE_OUTCOME]: event.outcome });
    case "credentials_switched":
      return instruments.credentialSwitches.add(1, { ...base, [ATTR_AUTH_METHOD]: event.method, [ATTR_SECRET_INDEX]: event.secretIndex });
    case "wait_until_failed":
      return instruments.waitUntilFailures.add(1, base);
  }
}
