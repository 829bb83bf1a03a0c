/** Without explicit providers, `otelEvents` records to the global ones, as with the Node SDK. */
import { startFaultServer } from "@occ/dev-server";
import { createClient } from "@occ/core";
import { metrics, trace } from "@opentelemetry/api";
import { expect, it } from "vitest";
import { otelEvents } from "../src/index.ts";
import { telemetry } from "./telemetry.ts";

it("uses the global meter and tracer providers", async () => {
  const otel = telemetry();
  metrics.setGlobalMeterProvider(otel.meterProvider);
  trace.setGlobalTracerProvider(otel.tracerProvider);
  const faults = await startFaultServer();
  try {
    const client = createClient({ tokenUrl: `${faults.url}/ok/otel-global`, clientId: "c", clientSecret: "s", onEvent: otelEvents() });
    await client.getToken();
  } finally {
    await faults.close();
  }
  expect(await otel.value("occ.token.requests", { "occ.token.outcome": "success" })).toBe(1);
  expect(otel.spans().map((span) => span.instrumentationScope.name)).toEqual(["@occ/otel"]);
});
