import { inject } from "vitest";
import type { KVNamespaceLike } from "../src/index.ts";

/** Token requests the named auth server has answered so far (read on the Node side). */
export async function tokenRequests(server: "main" | "short" | "mtls" = "main"): Promise<number> {
  const response = await fetch(`${inject("controlUrl")}/?server=${server}`);
  const body = (await response.json()) as { tokenRequests: number };
  return body.tokenRequests;
}

/** A KV namespace that counts the calls made through it. */
export function countingNamespace(kv: KVNamespace): { namespace: KVNamespaceLike; calls: { get: number; put: number; delete: number } } {
  const calls = { get: 0, put: 0, delete: 0 };
  return {
    calls,
    namespace: {
      get: (key, type) => {
        calls.get++;
        return kv.get(key, type);
      },
      put: (key, value, options) => {
        calls.put++;
        return kv.put(key, value, options);
      },
      delete: (key) => {
        calls.delete++;
        return kv.delete(key);
      },
    },
  };
}

let audiences = 0;
/**
 * A resource indicator no other test uses. The token's audience is part of occ's cache key, so each test gets
 * its own KV entry and its own per-isolate client.
 */
export function freshAudience(): string {
  return `http://127.0.0.1/test-${Date.now()}-${audiences++}`;
}

/** Every KV entry whose key starts with `occ:`, with its expiration (epoch seconds). */
export async function occEntries(kv: KVNamespace): Promise<{ name: string; expiration?: number }[]> {
  const { keys } = await kv.list({ prefix: "occ:" });
  return keys;
}

/** A `waitUntil` that records what it is given, and a way to wait for all of it: core writes to stores in the background. */
export function background(): { waitUntil: (promise: Promise<unknown>) => void; settled: () => Promise<void> } {
  const pending: Promise<unknown>[] = [];
  return {
    waitUntil: (promise) => void pending.push(promise),
    settled: async () => {
      while (pending.length > 0) await Promise.allSettled(pending.splice(0));
    },
  };
}
