/** A real occ client instrumented with `otelEvents`, keeping every event it emitted for the test to compare with. */
import { type ClientOptions, createClient, type OccEvent } from "@occ/core";
import { otelEvents } from "../src/index.ts";
import { type Telemetry, telemetry } from "./telemetry.ts";

/** The events of one type a client emitted, typed. */
export type EventsOf = <T extends OccEvent["type"]>(type: T) => Extract<OccEvent, { type: T }>[];

export interface Instrumented {
  otel: Telemetry;
  client: ReturnType<typeof createClient>;
  /** Every event, in order, as the user's handler saw it (after it was recorded). */
  events: OccEvent[];
  of: EventsOf;
  /** Resolves with the next event of `type` (that `match` accepts): background work reports through events. */
  next<T extends OccEvent["type"]>(type: T, match?: (event: Extract<OccEvent, { type: T }>) => boolean): Promise<Extract<OccEvent, { type: T }>>;
}

/** `createClient(options)` with `onEvent: otelEvents(...)` recording into a fresh in-memory SDK. */
export function instrumented(options: Omit<ClientOptions, "onEvent">): Instrumented {
  const otel = telemetry();
  const events: OccEvent[] = [];
  const waiting: Array<(event: OccEvent) => boolean> = [];
  const onEvent = otelEvents({
    meterProvider: otel.meterProvider,
    tracerProvider: otel.tracerProvider,
    onEvent: (event) => {
      events.push(event);
      for (const waiter of [...waiting]) if (waiter(event)) waiting.splice(waiting.indexOf(waiter), 1);
    },
  });
  const of: EventsOf = (type) => events.filter((e): e is Extract<OccEvent, { type: typeof type }> => e.type === type) as never;
  const next: Instrumented["next"] = (type, match = () => true) =>
    new Promise((resolve) => {
      waiting.push((event) => {
        if (event.type !== type || !match(event as never)) return false;
        resolve(event as never);
        return true;
      });
    });
  return { otel, client: createClient({ ...options, onEvent }), events, of, next };
}
