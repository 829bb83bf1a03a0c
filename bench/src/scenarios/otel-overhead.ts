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
import { Bench } from "tinybench";
import { endpointFor } from "../lib/contestants.ts";

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
  const names = Object.keys(tasks);
  const callsPerSecond: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ time: 250, warmupTime: 100 });
    for (const name of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
      const call = tasks[name]!;
      bench.add(name, async () => {
        for (let i = 0; i < BATCH; i++) await call();
      });
    }
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (!("throughput" in result)) throw new Error(`${task.name} did not complete`);
      callsPerSecond[task.name]!.push(result.throughput.mean * BATCH);
    }
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
