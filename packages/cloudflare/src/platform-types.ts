/**
 * The parts of the Workers runtime this package uses, declared structurally so that consumers type-check
 * against our `.d.ts` without `@cloudflare/workers-types`. The real `KVNamespace` and `ExecutionContext`
 * are assignable to them.
 */

/** The subset of a Workers KV namespace binding (`KVNamespace`) that {@link kvStore} uses. */
export interface KVNamespaceLike {
  get(key: string, type: "text"): Promise<string | null>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}

/** The subset of a Worker's `ExecutionContext` (or a Durable Object's state) that {@link createClient} uses. */
export interface ExecutionContextLike {
  waitUntil(promise: Promise<unknown>): void;
}
