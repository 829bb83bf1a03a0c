/** The lease cases of the store conformance suite (see store-conformance.ts). */
import type { TokenStore } from "../src/token-store.ts";
import type { StoreConformanceOptions } from "./store-conformance.ts";
import { assertSame, pause, token } from "./store-conformance-values.ts";

/** A lease that outlives every case. */
const LONG_LEASE_MS = 60_000;
/** A lease the lease cases wait out: with `elapse`, on the store's clock; without, on the real one. */
const SHORT_LEASE_MS = 50;
/** How long a case waits for a short lease to expire before it fails. */
const EXPIRY_DEADLINE_MS = 3_000;

type LeasingStore = TokenStore & Required<Pick<TokenStore, "acquireLease" | "releaseLease">>;

/** The lease cases; for a store without the lease, only the check that it has neither method. */
export function leaseConformance(name: string, options: StoreConformanceOptions): void {
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
