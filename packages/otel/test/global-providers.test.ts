/** Without explicit providers, `otelEvents` records to the global ones, as with the Node SDK. */
import type { OccEvent } from "@occ/core";
import { metrics, trace } from "@opentelemetry/api";
import { expect, it } from "vitest";
import { otelEvents } from "../src/index.ts";
import { telemetry } from "./telemetry.ts";

it("uses the global meter and tracer providers", async () => {
  const otel = telemetry();
  metrics.setGlobalMeterProvider(otel.meterProvider);
  trace.setGlobalTracerProvider(otel.tracerProvider);
  const onEvent = otelEvents();
  const fetched: OccEvent = { type: "token_fetched", key: "occ:global", expiresAt: Date.now() + 60_000, attempts: 1, durationMs: 7, background: false };
  onEvent(fetched);
  expect(await otel.value("occ.token.requests", { "occ.key": "occ:global" })).toBe(1);
  expect(otel.spans().map((span) => span.instrumentationScope.name)).toEqual(["@occ/otel"]);
});
