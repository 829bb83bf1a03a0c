/**
 * The contract every TokenStore keeps, written once and run in each store's own runtime (vitest on Node,
 * vitest inside workerd, `deno test`). It registers its cases through the `test` function it is given and
 * throws plain Errors, so it needs no test framework of its own.
 */
import type { StoredPause, StoredToken, TokenStore } from "../src/token-store.ts";

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

/** A lease that outlives every case. */
const LONG_LEASE_MS = 60_000;
/** A lease the lease cases wait out: with `elapse`, on the store's clock; without, on the real one. */
const SHORT_LEASE_MS = 50;
/** How long a case waits for a short lease to expire before it fails. */
const EXPIRY_DEADLINE_MS = 3_000;

function token(n: number, extra: Partial<StoredToken> = {}): StoredToken {
  return {
    accessToken: `access-${n}`,
    tokenType: "Bearer",
    expiresAt: 1_900_000_000_000 + n,
    issuedAt: 1_899_999_000_000 + n,
    scope: "read:data write:data",
    ...extra,
  };
}

function pause(n: number, extra: Partial<StoredPause> = {}): StoredPause {
  return { pausedUntil: 1_900_000_000_000 + n, code: "OCC_THROTTLED", message: `Retry after ${n} s`, status: 429, ...extra };
}

function assertSame(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
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

type LeasingStore = TokenStore & Required<Pick<TokenStore, "acquireLease" | "releaseLease">>;

/** The lease cases; for a store without the lease, only the check that it has neither method. */
function leaseConformance(name: string, options: StoreConformanceOptions): void {
  const { test, create } = options;
  const leases = options.leases === true;

  test(`${name}: has both lease methods or neither, as the runner declared (leases: ${leases})`, async () => {
    const store = await create();
    assertSame(typeof store.acquireLease === "function", leases, "acquireLease is a function");
    assertSame(typeof store.releaseLease === "function", leases, "releaseLease is a function");
  });
  if (!leases) return;

  const leaseTest = (title: string, fn: (store: LeasingStore) => Promise<void>) =>
    test(`${name}: lease: ${title}`, async () => fn((await create()) as LeasingStore));

  /**
   * Waits out a short lease: moves the store's clock when it can, else lets `owner` retry until it gets the
   * lease, so the case never assumes how long the store takes to notice the expiry.
   */
  async function takeOnceExpired(store: LeasingStore, key: string, owner: string): Promise<void> {
    if (options.elapse) {
      await options.elapse((SHORT_LEASE_MS + 1) / 1000);
      assertSame(await store.acquireLease(key, owner, LONG_LEASE_MS), true, `${owner} after the lease expired`);
      return;
    }
    const deadline = Date.now() + EXPIRY_DEADLINE_MS;
    while (!(await store.acquireLease(key, owner, LONG_LEASE_MS))) {
      if (Date.now() > deadline) throw new Error(`${owner} never got a ${SHORT_LEASE_MS} ms lease after it expired`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  leaseTest("exactly one of 50 concurrent owners gets it", async (store) => {
    const owners = Array.from({ length: 50 }, (_, i) => `owner-${i}`);
    const results = await Promise.all(owners.map((owner) => store.acquireLease("occ:race", owner, LONG_LEASE_MS)));
    const winners = owners.filter((_, i) => results[i] === true);
    assertSame(winners.length, 1, "owners holding the lease");
    assertSame(results.every((result) => typeof result === "boolean"), true, "every result is a boolean");
    assertSame(await store.acquireLease("occ:race", "latecomer", LONG_LEASE_MS), false, "a later owner");
    assertSame(await store.acquireLease("occ:race", winners[0]!, LONG_LEASE_MS), true, "the holder asking again");
  });

  leaseTest("another owner takes it once its ttl has passed, and the first can no longer release it", async (store) => {
    assertSame(await store.acquireLease("occ:ttl", "first", SHORT_LEASE_MS), true, "first");
    await takeOnceExpired(store, "occ:ttl", "second");
    assertSame(await store.acquireLease("occ:ttl", "first", LONG_LEASE_MS), false, "first, after second took it");
    assertSame(await store.releaseLease("occ:ttl", "first"), false, "first releasing a lease second holds");
    assertSame(await store.acquireLease("occ:ttl", "third", LONG_LEASE_MS), false, "third, while second still holds it");
    assertSame(await store.releaseLease("occ:ttl", "second"), true, "second releasing its own lease");
    assertSame(await store.acquireLease("occ:ttl", "third", LONG_LEASE_MS), true, "third, after second released it");
  });

  leaseTest("only its owner releases it, once", async (store) => {
    assertSame(await store.acquireLease("occ:owned", "owner", LONG_LEASE_MS), true, "owner");
    assertSame(await store.releaseLease("occ:owned", "someone-else"), false, "another owner releasing it");
    assertSame(await store.acquireLease("occ:owned", "someone-else", LONG_LEASE_MS), false, "still held after that");
    assertSame(await store.releaseLease("occ:owned", "owner"), true, "the owner releasing it");
    assertSame(await store.releaseLease("occ:owned", "owner"), false, "the owner releasing it again");
    assertSame(await store.releaseLease("occ:never-taken", "owner"), false, "releasing a lease nobody took");
    assertSame(await store.acquireLease("occ:owned", "someone-else", LONG_LEASE_MS), true, "free after the release");
  });

  leaseTest("releasing a lease that expired returns false", async (store) => {
    // Both leases last as long; `marker` was taken later, so once it has expired `expired` has too.
    assertSame(await store.acquireLease("occ:expired", "owner", SHORT_LEASE_MS), true, "expired");
    assertSame(await store.acquireLease("occ:marker", "owner", SHORT_LEASE_MS), true, "marker");
    await takeOnceExpired(store, "occ:marker", "watcher");
    assertSame(await store.releaseLease("occ:expired", "owner"), false, "releasing the expired lease");
    assertSame(await store.acquireLease("occ:expired", "next", LONG_LEASE_MS), true, "the next owner");
  });

  leaseTest("leases are apart from values under the same key and from other keys' leases", async (store) => {
    await store.set("occ:shared", token(1), 120);
    assertSame(await store.acquireLease("occ:shared", "owner", LONG_LEASE_MS), true, "lease beside a token");
    assertSame(await store.get("occ:shared"), token(1), "the token after the lease was taken");
    await store.set("occ:shared", pause(1), 120);
    await store.delete("occ:shared");
    assertSame(await store.acquireLease("occ:shared", "other", LONG_LEASE_MS), false, "lease after the value was deleted");
    assertSame(await store.acquireLease("occ:shared:2", "other", LONG_LEASE_MS), true, "another key's lease");
    await store.set("occ:shared", token(2), 120);
    assertSame(await store.releaseLease("occ:shared", "owner"), true, "release beside a token");
    assertSame(await store.get("occ:shared"), token(2), "the token after the release");
    assertSame(await store.releaseLease("occ:shared:2", "other"), true, "the other key's lease is still held");
  });
}
