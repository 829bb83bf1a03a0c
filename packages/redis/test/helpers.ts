import { inspect } from "node:util";
import { createClient } from "redis";

/** The client options the README recommends: fail fast while Redis is away, reconnect quickly when it is back. */
export const recommendedOptions = {
  disableOfflineQueue: true,
  socket: { connectTimeout: 1_000, reconnectStrategy: (retries: number) => Math.min(retries * 50, 500) },
};

export type TestClient = ReturnType<typeof createClient>;

/**
 * A client for `url`, with an `error` listener (without one an unreachable Redis would end the process). Not
 * connected: `connect()` stays pending while node-redis retries, so callers decide whether to wait.
 */
export function testClient(url: string, options: object = recommendedOptions): TestClient & { errors: Error[] } {
  const client = createClient({ url, ...options }) as TestClient & { errors: Error[] };
  client.errors = [];
  client.on("error", (error: Error) => client.errors.push(error));
  return client;
}

/** Closes a client whatever its state. */
export function destroy(client: TestClient): void {
  if (client.isOpen) client.destroy();
}

/** Every way a value can leak out of an error: message, stack, inspection (cause included) and JSON. */
export function renderings(error: unknown): string {
  const parts = [inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error) ?? ""];
  if (error instanceof Error) parts.push(error.message, error.stack ?? "", inspect(error.cause, { depth: 10 }));
  return parts.join("\n");
}

/** What a promise settled with, and how long it took (reported, never asserted: speed is for bench/). */
export async function settled<T>(promise: () => T | Promise<T>): Promise<{ value?: Awaited<T>; error?: unknown; ms: number }> {
  const start = performance.now();
  try {
    const value = await promise();
    return { value, ms: performance.now() - start };
  } catch (error) {
    return { error, ms: performance.now() - start };
  }
}
