/**
 * The contract every TokenStore keeps, written once and run in each store's own runtime (vitest on Node,
 * vitest inside workerd, `deno test`). It registers its cases through the `test` function it is given and
 * throws plain Errors, so it needs no test framework of its own.
 */
import type { StoredToken, TokenStore } from "../src/token-store.ts";
import { assertSame, pause, token } from "./store-conformance-values.ts";
import { leaseConformance } from "./store-lease-conformance.ts";

export interface StoreConformanceOptions {
  /** Registers one case, e.g. vitest's `it` or a wrapper around `Deno.test`. */
  test: (name: string, fn: () => Promise<void>) => void;
  /** A new, empty store for each case. */
  create: () => TokenStore | Promise<TokenStore>;
  /**
   * Moves the store's clock past `seconds`, where the store's TTL can be tested quickly (a memory store with
   * an injected clock). Stores whose expiry is lazy or coarse (KV: 60 s minimum) leave it out.
   */
  elapse?: (seconds: number) => void | Promise<void>;
  /** The smallest TTL the store accepts without clamping, in seconds. Default 1. */
  minTtlSeconds?: number;
  /**
   * The store has `acquireLease` and `releaseLease`: run the lease cases. Cases are registered before any store
   * exists (and `create` may be async), so the runner says it; a case checks that the store agrees.
   */
  leases?: boolean;
}

export function storeConformance(name: string, options: StoreConformanceOptions): void {
  const { test, create } = options;
  const ttl = Math.max(options.minTtlSeconds ?? 1, 120);

  test(`${name}: get of an unknown key is undefined`, async () => {
    const store = await create();
    assertSame(await store.get("occ:missing"), undefined, "get");
  });

  test(`${name}: set then get returns the same plain JSON token`, async () => {
    const store = await create();
    const value = token(1);
    await store.set("occ:k1", value, ttl);
    const got = await store.get("occ:k1");
    assertSame(got, value, "get after set");
    assertSame(JSON.parse(JSON.stringify(got)), value, "JSON round trip");
  });

  test(`${name}: a token without scope round-trips`, async () => {
    const store = await create();
    const { scope: _omitted, ...value } = token(2);
    await store.set("occ:k2", value, ttl);
    assertSame(await store.get("occ:k2"), value, "get");
  });

  test(`${name}: set overwrites`, async () => {
    const store = await create();
    await store.set("occ:k", token(1), ttl);
    await store.set("occ:k", token(2), ttl);
    assertSame(await store.get("occ:k"), token(2), "get after overwrite");
  });

  test(`${name}: keys are independent, including keys with separators`, async () => {
    const store = await create();
    const keys = ["occ:a", "occ:a:b", "occ/a", "occ:ä ✓", "occ:" + "x".repeat(200)];
    await Promise.all(keys.map((key, i) => store.set(key, token(i), ttl)));
    for (const [i, key] of keys.entries()) assertSame(await store.get(key), token(i), `get ${key}`);
  });

  test(`${name}: delete removes the entry and leaves others`, async () => {
    const store = await create();
    await store.set("occ:gone", token(1), ttl);
    await store.set("occ:kept", token(2), ttl);
    await store.delete("occ:gone");
    assertSame(await store.get("occ:gone"), undefined, "deleted");
    assertSame(await store.get("occ:kept"), token(2), "kept");
  });

  test(`${name}: deleting an unknown key is not an error`, async () => {
    const store = await create();
    await store.delete("occ:never-set");
  });

  test(`${name}: a value changed by the caller after set does not change the stored one`, async () => {
    const store = await create();
    const value = token(1);
    await store.set("occ:copy", value, ttl);
    value.accessToken = "mutated";
    assertSame(((await store.get("occ:copy")) as StoredToken | undefined)?.accessToken, "access-1", "stored accessToken");
  });

  test(`${name}: accepts a TTL below its minimum without throwing`, async () => {
    const store = await create();
    await store.set("occ:short", token(1), 1);
    const got = await store.get("occ:short");
    // A store may clamp (KV) or honour (memory) a 1 s TTL; either way, right after set it is readable.
    assertSame(got, token(1), "get right after a short-TTL set");
  });

  test(`${name}: pauses round-trip beside tokens`, async () => {
    const store = await create();
    const { status: _omitted, ...withoutStatus } = pause(2, { code: "OCC_OAUTH_ERROR", message: "invalid_client" });
    await store.set("occ:paused", pause(1), ttl);
    await store.set("occ:paused-401", withoutStatus, ttl);
    await store.set("occ:token", token(1), ttl);
    assertSame(await store.get("occ:paused"), pause(1), "pause");
    assertSame(await store.get("occ:paused-401"), withoutStatus, "pause without status");
    assertSame(await store.get("occ:token"), token(1), "token beside the pauses");
    await store.set("occ:token", pause(3), ttl);
    assertSame(await store.get("occ:token"), pause(3), "a pause replacing a token");
  });

  const elapse = options.elapse;
  if (elapse) {
    test(`${name}: an entry is gone after its TTL`, async () => {
      const store = await create();
      await store.set("occ:ttl", token(1), 5);
      await elapse(4);
      assertSame(await store.get("occ:ttl"), token(1), "before TTL");
      await elapse(2);
      assertSame(await store.get("occ:ttl"), undefined, "after TTL");
    });
  }

  leaseConformance(name, options);
}
