/**
 * The parts of the Durable Objects API that {@link OccTokenCoordinator} and {@link durableObjectStore} use,
 * declared structurally like the KV types, so consumers type-check without `@cloudflare/workers-types`. The
 * runtime's `DurableObjectNamespace`, `DurableObjectState` and `DurableObjectStorage` fit them.
 */

/** The subset of `DurableObjectStorage` the coordinator uses. */
export interface DurableObjectStorageLike {
  get<T = unknown>(key: string): Promise<T | undefined>;
  put<T>(key: string, value: T): Promise<void>;
  delete(key: string): Promise<boolean>;
  setAlarm(scheduledTime: number): Promise<void>;
  deleteAlarm(): Promise<void>;
}

/** The subset of `DurableObjectState` (the `ctx` a Durable Object is constructed with) the coordinator uses. */
export interface DurableObjectStateLike {
  readonly storage: DurableObjectStorageLike;
}

/** What a stub's `fetch` resolves to, as far as the store reads it. */
export interface CoordinatorResponseLike {
  readonly ok: boolean;
  readonly status: number;
  json(): Promise<unknown>;
}

/** The subset of a Durable Object stub the store uses: `fetch`, which every compatibility date supports. */
export interface DurableObjectStubLike {
  fetch(url: string, init: { method: "POST"; body: string }): Promise<CoordinatorResponseLike>;
}

/** The subset of a `DurableObjectNamespace` binding that {@link durableObjectStore} uses. */
export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: unknown): DurableObjectStubLike;
}
