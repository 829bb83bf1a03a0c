/**
 * A real OpenTelemetry SDK wired to in-memory exporters: what a test needs to read back what `otelEvents`
 * recorded. One instance per test, so no test sees another's measurements.
 */
import { type Attributes, context, type HrTime } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { type DataPoint, type Histogram, MeterProvider, MetricReader, type MetricData } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";

// Without a context manager there is no active span to parent anything on; Node SDKs install this one.
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

/** A reader that collects on demand, the way a Prometheus scrape does. */
class OnDemandReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

/** An SDK timestamp or duration in milliseconds. */
export function milliseconds([seconds, nanoseconds]: HrTime): number {
  return seconds * 1000 + nanoseconds / 1e6;
}

export interface Telemetry {
  meterProvider: MeterProvider;
  tracerProvider: BasicTracerProvider;
  /** Every metric collected now, by name. */
  collect(): Promise<Map<string, MetricData>>;
  /** Data points of one metric, collected now; [] when it has none. */
  points<T = number>(name: string): Promise<DataPoint<T>[]>;
  /** The value of the one data point whose attributes include `attributes`; throws unless exactly one matches. */
  value(name: string, attributes: Attributes): Promise<number>;
  /** Histogram point matching `attributes`, as for `value`. */
  histogram(name: string, attributes: Attributes): Promise<Histogram>;
  spans(): ReadableSpan[];
}

function matches(point: DataPoint<unknown>, attributes: Attributes): boolean {
  return Object.entries(attributes).every(([name, value]) => point.attributes[name] === value);
}

export function telemetry(): Telemetry {
  const reader = new OnDemandReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

  async function collect(): Promise<Map<string, MetricData>> {
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length > 0) throw new AggregateError(errors, "metric collection failed");
    const byName = new Map<string, MetricData>();
    for (const scope of resourceMetrics.scopeMetrics) for (const metric of scope.metrics) byName.set(metric.descriptor.name, metric);
    return byName;
  }
  async function points<T>(name: string): Promise<DataPoint<T>[]> {
    return ((await collect()).get(name)?.dataPoints ?? []) as DataPoint<T>[];
  }
  async function only<T>(name: string, attributes: Attributes): Promise<T> {
    const found = (await points<T>(name)).filter((point) => matches(point as DataPoint<unknown>, attributes));
    if (found.length !== 1) throw new Error(`${name}: ${found.length} points match ${JSON.stringify(attributes)}`);
    return found[0]!.value;
  }
  return {
    meterProvider,
    tracerProvider,
    collect,
    points,
    value: (name, attributes) => only<number>(name, attributes),
    histogram: (name, attributes) => only<Histogram>(name, attributes),
    spans: () => exporter.getFinishedSpans(),
  };
}
