/** The measuring loops several scenarios share: contenders alternate within each round so outside load hits all alike. */
import { Bench } from "tinybench";
import { percentile, sorted } from "./stats.ts";

/** Each contender's order of turn in `round`: rotated, so none always goes first (or last). */
export function turnOrder(names: string[], round: number): string[] {
  return [...names.slice(round % names.length), ...names.slice(0, round % names.length)];
}

/**
 * One tinybench round of `tasks`, each iteration `batch` awaited calls so the timer's own cost is spread over them:
 * calls per second, by task name.
 */
export async function callsPerSecondRound(tasks: Record<string, () => Promise<unknown>>, batch: number, round: number): Promise<Record<string, number>> {
  const bench = new Bench({ time: 250, warmupTime: 100 });
  for (const name of turnOrder(Object.keys(tasks), round)) {
    const call = tasks[name]!;
    bench.add(name, async () => {
      for (let i = 0; i < batch; i++) await call();
    });
  }
  await bench.run();
  const perSecond: Record<string, number> = {};
  for (const task of bench.tasks) {
    const result = task.result;
    if (!("throughput" in result)) throw new Error(`${task.name} did not complete`);
    perSecond[task.name] = result.throughput.mean * batch;
  }
  return perSecond;
}

/** A response read to its end; anything but 200 stops the run. */
export async function consume(response: Response): Promise<void> {
  if (response.status !== 200) throw new Error(`API answered ${response.status}`);
  await response.arrayBuffer();
}

/**
 * `requests` sequential requests per contender in `order`, taking turns request by request, so a burst of load from
 * elsewhere hits them all alike: p50 and p99 latency in ms, by contender.
 */
export async function latencyRound(contenders: Record<string, () => Promise<Response>>, order: string[], requests: number) {
  const latencies: Record<string, number[]> = Object.fromEntries(order.map((name) => [name, []]));
  for (let i = 0; i < requests; i++) {
    for (const name of order) {
      const start = performance.now();
      await consume(await contenders[name]!());
      latencies[name]!.push(performance.now() - start);
    }
  }
  return Object.fromEntries(
    order.map((name) => {
      const ascending = sorted(latencies[name]!);
      return [name, { p50: percentile(ascending, 50), p99: percentile(ascending, 99) }];
    }),
  );
}
