import { describe, expect, it } from "vitest";
import { memoryStore } from "../src/index.ts";
import { manualClock } from "./helpers.ts";
import { cacheRig, type CacheRig, settle } from "./cache-helpers.ts";

/** `n` instances sharing one store (with a lease) and one clock, each with its own fake source. */
function fleet(n: number) {
  const clock = manualClock();
  const store = memoryStore({ now: clock.now });
  const instances = Array.from({ length: n }, () => cacheRig({ store, clock }));
  const requests = () => instances.flatMap((i) => i.requests);
  return { clock, instances, requests };
}

async function warm(instances: CacheRig[], lifetimeMs = 600_000) {
  const [first, ...rest] = instances;
  const pending = first!.cache.get();
  await settle();
  const issued = first!.token(lifetimeMs);
  first!.requests[0]!.resolve(issued);
  await pending;
  await Promise.all(first!.background);
  for (const instance of rest) expect(await instance.cache.get()).toEqual(issued);
  for (const instance of instances) instance.events.length = 0;
  return issued;
}

describe("a fleet sharing a store with a lease", () => {
  it("in the refresh window exactly one instance refreshes; the others keep serving, then adopt its token", async () => {
    const { clock, instances, requests } = fleet(20);
    const issued = await warm(instances);
    expect(requests()).toHaveLength(1);
    clock.advance(541_000);
    for (const instance of instances) expect(await instance.cache.get()).toEqual(issued);
    await settle();
    expect(requests()).toHaveLength(2);
    const holder = instances.find((i) => i.requests.length === 1 && i !== instances[0]) ?? instances[0]!;
    const fresh = holder.token(600_000);
    requests()[1]!.resolve(fresh);
    await Promise.all(holder.background);
    expect(instances.flatMap((i) => i.of("lease")).filter((e) => e.outcome === "acquired")).toHaveLength(1);
    expect(instances.flatMap((i) => i.of("lease")).filter((e) => e.outcome === "busy").length).toBeGreaterThan(0);
    clock.advance(1_000);
    for (const instance of instances) await instance.cache.get();
    await settle();
    for (const instance of instances) expect(await instance.cache.get()).toEqual(fresh);
    expect(requests()).toHaveLength(2);
  });

  it("a holder that dies mid-refresh is replaced after its lease; nobody is refused meanwhile", async () => {
    const { clock, instances, requests } = fleet(5);
    const issued = await warm(instances);
    clock.advance(541_000);
    await instances[0]!.cache.get();
    await settle();
    expect(requests()).toHaveLength(2); // instance 0 holds the lease; its request never answers (killed)
    for (const instance of instances.slice(1)) expect(await instance.cache.get()).toEqual(issued);
    await settle();
    expect(requests()).toHaveLength(2);
    clock.advance(30_001); // the lease: half the 60 s window
    for (const instance of instances.slice(1)) expect(await instance.cache.get()).toEqual(issued);
    await settle();
    expect(requests()).toHaveLength(3);
    expect(instances.slice(1).flatMap((i) => i.of("lease")).some((e) => e.outcome === "taken_over" || e.outcome === "acquired")).toBe(true);
  });

  it("cold instances wait for the one holding the lease instead of each asking", async () => {
    const { instances, requests } = fleet(10);
    const callers = instances.map((i) => i.cache.get());
    await settle();
    expect(requests()).toHaveLength(1);
    const holder = instances.find((i) => i.requests.length === 1)!;
    const issued = holder.token();
    holder.requests[0]!.resolve(issued);
    await Promise.all(holder.background);
    expect(await Promise.all(callers)).toEqual(instances.map(() => issued));
    expect(requests()).toHaveLength(1);
  });

  it("a store that fails its lease call falls back to per-instance behaviour", async () => {
    const clock = manualClock();
    const inner = memoryStore({ now: clock.now });
    const { defineStore } = await import("../src/index.ts");
    const store = defineStore({
      get: (k) => inner.get(k),
      set: (k, v, t) => inner.set(k, v, t),
      delete: (k) => inner.delete(k),
      acquireLease: () => {
        throw new Error("READONLY You can't write against a read only replica");
      },
      releaseLease: () => true,
    });
    const rig = cacheRig({ store, clock });
    const pending = rig.cache.get();
    await settle();
    expect(rig.requests).toHaveLength(1);
    rig.requests[0]!.resolve(rig.token());
    await pending;
    expect(rig.of("store_error")).toMatchObject([{ operation: "lease" }]);
  });

  it("a lease taken just after the previous holder stored its token and released: the token is taken, not fetched again", async () => {
    const clock = manualClock();
    const inner = memoryStore({ now: clock.now });
    const { defineStore } = await import("../src/index.ts");
    let landing: (() => void) | undefined;
    const store = defineStore({
      get: (k) => inner.get(k),
      set: (k, v, t) => inner.set(k, v, t),
      delete: (k) => inner.delete(k),
      // The other instance's token lands (and its lease is released) right before this acquire is answered.
      acquireLease: (k, owner, ttl) => (landing?.(), inner.acquireLease(k, owner, ttl)),
      releaseLease: (k, owner) => inner.releaseLease(k, owner),
    });
    const rig = cacheRig({ store, clock });
    const first = await rig.serve(rig.cache.get(), rig.token(600_000));
    await Promise.all(rig.background);
    clock.advance(541_000);
    const newer = rig.token(600_000, { accessToken: "from-the-other-instance" });
    landing = () => {
      landing = undefined;
      inner.set("k", newer, 600);
    };
    expect(await rig.cache.get()).toBe(first);
    await settle();
    expect(rig.requests).toHaveLength(1);
    expect((await rig.cache.get()).accessToken).toBe("from-the-other-instance");
  });

  it("a corrupt stored value is reported once per load, though the lease makes the cache look twice", async () => {
    const clock = manualClock();
    const store = memoryStore({ now: clock.now });
    await store.set("k", { accessToken: "", expiresAt: "tomorrow" }, 600);
    const rig = cacheRig({ store, clock });
    const issued = await rig.serve(rig.cache.get());
    expect(issued.accessToken).not.toBe("");
    expect(rig.of("store_error").map((e) => e.operation)).toEqual(["get"]);
    expect(rig.requests).toHaveLength(1);
  });
});
