import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createClient as createCoreClient, type StoredToken } from "@occ/core";
import { describe, expect, inject, it } from "vitest";
import { storeConformance } from "../../core/test/store-conformance.ts";
import { durableObjectStore, OccError } from "../src/index.ts";
import { background, tokenRequests } from "./helpers.ts";

const token: StoredToken = {
  accessToken: "eyJ.durable-object-token.sig",
  tokenType: "Bearer",
  expiresAt: 1_900_000_000_000,
  issuedAt: 1_899_999_700_000,
  scope: "read:data",
};

let prefixes = 0;
/** A prefix per case: objects and their storage outlive a case. */
const freshPrefix = () => `case-${Date.now()}-${prefixes++}`;

storeConformance("durableObjectStore", {
  test: it,
  create: () => durableObjectStore(env.OCC_COORDINATOR, { prefix: freshPrefix() }),
  leases: true,
});

storeConformance("durableObjectStore on a class bound from another Worker", {
  test: it,
  create: () => durableObjectStore(env.SHARED_COORDINATOR, { prefix: freshPrefix() }),
  leases: true,
});

/** The object holding `key`, to look inside it. */
function objectFor(key: string, prefix = "occ") {
  return env.OCC_COORDINATOR.get(env.OCC_COORDINATOR.idFromName(`${prefix}:${key}`));
}

/** Polls until `done` (workerd's clock only moves on I/O, and a timer is I/O). */
async function until(done: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await done())) await scheduler.wait(5);
}

describe("durableObjectStore and OccTokenCoordinator", () => {
  it("keeps a key's value and lease in the object named <prefix>:<key>, with an alarm at the earliest expiry", async () => {
    const key = `layout-${freshPrefix()}`;
    const store = durableObjectStore(env.OCC_COORDINATOR);
    const before = Date.now();
    await store.set(key, token, 300);
    expect(await store.acquireLease(key, "instance-1", 30_000)).toBe(true);

    await runInDurableObject(objectFor(key), async (_instance, state) => {
      const value = await state.storage.get<{ value: StoredToken; expiresAt: number }>("value");
      expect(value?.value).toEqual(token);
      expect(value?.expiresAt).toBeGreaterThanOrEqual(before + 300_000);
      const lease = await state.storage.get<{ owner: string; expiresAt: number }>("lease");
      expect(lease?.owner).toBe("instance-1");
      expect(await state.storage.getAlarm()).toBe(lease?.expiresAt);
    });
  });

  it("100 concurrent acquire calls on one key: one holder, the one the object stored", async () => {
    const key = `crowd-${freshPrefix()}`;
    const store = durableObjectStore(env.OCC_COORDINATOR);
    const owners = Array.from({ length: 100 }, (_, i) => `owner-${i}`);
    const results = await Promise.all(owners.map((owner) => store.acquireLease(key, owner, 60_000)));
    const winners = owners.filter((_, i) => results[i]);
    expect(winners).toHaveLength(1);
    const stored = await runInDurableObject(objectFor(key), (_instance, state) => state.storage.get<{ owner: string }>("lease"));
    expect(stored?.owner).toBe(winners[0]);
  });

  it("an evicted object loses nothing: value and lease come back from its storage", async () => {
    const key = `evicted-${freshPrefix()}`;
    const store = durableObjectStore(env.OCC_COORDINATOR);
    await store.set(key, token, 300);
    expect(await store.acquireLease(key, "holder", 60_000)).toBe(true);

    await evictDurableObject(objectFor(key));
    expect(await store.get(key)).toEqual(token);
    expect(await store.acquireLease(key, "other", 60_000)).toBe(false);
    expect(await store.releaseLease(key, "holder")).toBe(true);
  });

  it("its alarm deletes the expired lease, keeps the live value, and moves on to the value's expiry", async () => {
    const key = `alarm-${freshPrefix()}`;
    const store = durableObjectStore(env.OCC_COORDINATOR);
    await store.set(key, token, 300);
    expect(await store.acquireLease(key, "short", 20)).toBe(true);

    // Nobody touches the object: only its own alarm, at the lease's expiry, can delete the lease.
    const object = objectFor(key);
    await until(() => runInDurableObject(object, async (_instance, state) => (await state.storage.get("lease")) === undefined));
    await runInDurableObject(object, async (_instance, state) => {
      const value = await state.storage.get<{ expiresAt: number }>("value");
      expect(value).toBeDefined();
      expect(await state.storage.getAlarm()).toBe(value?.expiresAt);
    });
    expect(await store.get(key)).toEqual(token);
  });

  it("once everything has expired, its alarm leaves the object empty and unscheduled", async () => {
    const key = `empty-${freshPrefix()}`;
    const store = durableObjectStore(env.OCC_COORDINATOR);
    await store.set(key, token, 0.02);
    expect(await store.acquireLease(key, "short", 40)).toBe(true);

    await until(() =>
      runInDurableObject(objectFor(key), async (_instance, state) => (await state.storage.list()).size === 0 && (await state.storage.getAlarm()) === null)
    );
    // An alarm that runs when nothing is left finds nothing to do (none is scheduled).
    expect(await runDurableObjectAlarm(objectFor(key))).toBe(false);
  });

  it("answers 400 to a request that is not a command, and changes nothing", async () => {
    const key = `foreign-${freshPrefix()}`;
    await durableObjectStore(env.OCC_COORDINATOR).set(key, token, 300);
    for (const body of ["not json", "{}", '{"op":"set","value":"x","ttlMs":1}', '{"op":"acquire","owner":"o","ttlMs":-1}']) {
      const response = await objectFor(key).fetch("https://occ-token-coordinator/", { method: "POST", body });
      expect(response.status, body).toBe(400);
      await response.body?.cancel();
    }
    expect(await durableObjectStore(env.OCC_COORDINATOR).get(key)).toEqual(token);
  });

  it("throws OCC_STORE_ERROR, naming the operation and never the value, when the object is not a coordinator", async () => {
    // A namespace whose objects are some other Worker: what a binding to the wrong class looks like.
    const wrong = { idFromName: (name: string) => name, get: () => env.FLEET_A };
    const error = await Promise.resolve(durableObjectStore(wrong).set("k", token, 60)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OccError);
    expect(error).toMatchObject({ code: "OCC_STORE_ERROR", message: expect.stringContaining("could not write a value: the object answered 400") });
    expect(`${(error as Error).message} ${(error as Error).stack} ${JSON.stringify(error)}`).not.toContain(token.accessToken);
  });

  it("throws OCC_STORE_ERROR with the cause when the object cannot be reached", async () => {
    const unreachable = { idFromName: (name: string) => name, get: () => ({ fetch: () => Promise.reject(new Error("Durable Object is overloaded")) }) };
    const error = await Promise.resolve(durableObjectStore(unreachable).acquireLease("k", "owner", 1_000)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "OCC_STORE_ERROR", message: "durableObjectStore could not take the lease: Error: Durable Object is overloaded" });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it("rejects a namespace that is not one, or a bad prefix, with OCC_INVALID_OPTIONS", () => {
    for (const bad of [undefined, {}, env.STORE_KV]) {
      expect(() => durableObjectStore(bad as never)).toThrowError(expect.objectContaining({ code: "OCC_INVALID_OPTIONS" }));
    }
    for (const prefix of ["", 1 as unknown as string]) {
      expect(() => durableObjectStore(env.OCC_COORDINATOR, { prefix })).toThrowError(expect.objectContaining({ code: "OCC_INVALID_OPTIONS" }));
    }
  });

  it("two occ clients on the store share one token from the real authorization server", async () => {
    const store = durableObjectStore(env.OCC_COORDINATOR, { prefix: freshPrefix() });
    // Core writes the token to the store in the background, kept alive by waitUntil: the second client reads it after.
    const work = background();
    const options = { tokenUrl: inject("tokenUrl"), ...inject("clients").basic, scope: "read:data", store, waitUntil: work.waitUntil };
    const before = await tokenRequests();
    const first = await createCoreClient(options).getToken();
    await work.settled();
    const second = await createCoreClient(options).getToken();
    expect(second.accessToken).toBe(first.accessToken);
    expect((await tokenRequests()) - before).toBe(1);
  });
});
