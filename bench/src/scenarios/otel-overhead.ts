/**
 * 7. What @occ/otel costs a cached getToken(): two occ clients on the same endpoint, one plain and one with
 * `onEvent: otelEvents()` recording into a real OpenTelemetry SDK (a MeterProvider collected every second, as a
 * periodic exporter would, and a BasicTracerProvider). Same method as cached-get-token: tinybench, 1 000 awaited
 * calls per iteration, rounds with the order rotated, calls per second per round.
 */
import { createClient } from "@occ/core";
import { otelEvents } from "@occ/otel";
import { InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, AggregationTemporality } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { endpointFor } from "../lib/contestants.ts";
import { callsPerSecondRound } from "../lib/rounds.ts";

const BATCH = 1000;
const ROUNDS = 7;
/** The two tasks, by name. */
export const PLAIN = "occ";
export const INSTRUMENTED = "occ + @occ/otel";

export interface OtelOverheadResult {
  batch: number;
  /** Calls per second, one value per round, by task name. */
  callsPerSecond: Record<string, number[]>;
  /** Cache hits the SDK had collected by the end: proof the instrumented client was recording. */
  cacheHitsExported: number;
}

export async function run(_args: string[], serverUrl: string): Promise<OtelOverheadResult> {
  const endpoint = endpointFor(serverUrl, "otel", 3600);
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 1000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new InMemorySpanExporter())] });
  const options = { tokenUrl: endpoint.tokenUrl, clientId: endpoint.clientId, clientSecret: endpoint.clientSecret, scope: endpoint.scope };
  const plain = createClient(options);
  const instrumented = createClient({ ...options, onEvent: otelEvents({ meterProvider, tracerProvider }) });
  await plain.getToken();
  await instrumented.getToken();

  const tasks: Record<string, () => Promise<unknown>> = {
    [PLAIN]: () => plain.getToken(),
    [INSTRUMENTED]: () => instrumented.getToken(),
  };
  const callsPerSecond: Record<string, number[]> = Object.fromEntries(Object.keys(tasks).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, perSecond] of Object.entries(await callsPerSecondRound(tasks, BATCH, round))) callsPerSecond[name]!.push(perSecond);
  }
  await meterProvider.forceFlush();
  const hits = metricExporter
    .getMetrics()
    .at(-1)
    ?.scopeMetrics.flatMap((scope) => scope.metrics)
    .find((metric) => metric.descriptor.name === "occ.token.cache.hits")?.dataPoints[0]?.value;
  await meterProvider.shutdown();
  return { batch: BATCH, callsPerSecond, cacheHitsExported: typeof hits === "number" ? hits : 0 };
}
