/**
 * Redis away, crashing or slow, with a real redis-server. Durations are printed for the record (speed is for
 * bench/); what is asserted is that every call settles, and how.
 */
import { OccError, type StoredToken } from "@occ/core";
import { describe, expect, it } from "vitest";
import { redisStore } from "../src/index.ts";
import { destroy, recommendedOptions, renderings, settled, testClient, type TestClient } from "./helpers.ts";
import { freePort, startRedisServer } from "./redis-server.ts";

const token: StoredToken = {
  accessToken: "eyJ.outage-access-token.sig",
  tokenType: "Bearer",
  expiresAt: 1_900_000_000_000,
  issuedAt: 1_899_999_700_000,
};

/** One call of each kind, so every method is seen failing or working. */
function everyCall(store: ReturnType<typeof redisStore>): Record<string, () => unknown> {
  return {
    get: () => store.get("k"),
    set: () => store.set("k", token, 60),
    delete: () => store.delete("k"),
    acquireLease: () => store.acquireLease("k", "owner", 30_000),
    releaseLease: () => store.releaseLease("k", "owner"),
  };
}

/** Runs every call and checks each one threw OCC_STORE_ERROR with no token in it; returns their durations. */
async function expectEveryCallFails(store: ReturnType<typeof redisStore>, because?: string): Promise<string> {
  const durations: string[] = [];
  for (const [name, call] of Object.entries(everyCall(store))) {
    const outcome = await settled(call);
    expect(outcome.error, name).toBeInstanceOf(OccError);
    expect(outcome.error, name).toMatchObject({ code: "OCC_STORE_ERROR", message: expect.stringContaining("redisStore could not") });
    if (because !== undefined) expect((outcome.error as Error).message, name).toContain(because);
    expect(renderings(outcome.error), name).not.toContain(token.accessToken);
    durations.push(`${name} ${outcome.ms.toFixed(2)} ms`);
  }
  return durations.join(", ");
}

function nextEvent(client: TestClient, event: "ready" | "reconnecting"): Promise<void> {
  // Not events.once: it rejects on the 'error' events a lost connection emits meanwhile.
  return new Promise((resolve) => client.once(event, () => resolve()));
}

describe("Redis unreachable from the start", () => {
  it.each([
    ["the recommended client options", recommendedOptions],
    ["node-redis' defaults (offline queue on)", {}],
  ])("every call throws OCC_STORE_ERROR at once, with %s", async (label, options) => {
    const client = testClient(`redis://127.0.0.1:${await freePort()}`, options);
    const refused = new Promise<Error>((resolve) => client.once("error", resolve));
    // connect() stays pending while node-redis keeps retrying; the app does not wait for it.
    client.connect().catch(() => {});
    try {
      const store = redisStore(client);
      const connecting = await expectEveryCallFails(store, "not connected");
      expect((await refused).message).toContain("ECONNREFUSED");
      const retrying = await expectEveryCallFails(store, "not connected");
      console.log(`[timing] unreachable, ${label}: while connecting ${connecting}; after ECONNREFUSED, retrying ${retrying}`);
    } finally {
      destroy(client);
    }
  });
});

describe("Redis restarted mid-run", () => {
  it("errors while Redis is down and works again once node-redis has reconnected", async () => {
    const server = await startRedisServer();
    const client = testClient(server.url);
    await client.connect();
    const store = redisStore(client);
    try {
      await store.set("k", token, 60);
      expect(await store.get("k")).toEqual(token);

      const reconnecting = nextEvent(client, "reconnecting");
      await server.stop();
      // Right after the crash, whether or not node-redis has noticed yet.
      const rightAfter = await expectEveryCallFails(store);
      await reconnecting;
      const whileDown = await expectEveryCallFails(store, "not connected");

      const ready = nextEvent(client, "ready");
      const restartedAt = performance.now();
      await server.restart();
      await ready;
      const reconnectMs = performance.now() - restartedAt;

      // A new, empty server (no persistence): the token is gone, and the store works again.
      expect(await store.get("k")).toBeUndefined();
      await store.set("k", token, 60);
      expect(await store.get("k")).toEqual(token);
      expect(await store.acquireLease("k", "owner", 30_000)).toBe(true);
      expect(await store.releaseLease("k", "owner")).toBe(true);
      console.log(`[timing] restart: right after the crash ${rightAfter}; while down ${whileDown}; ready ${reconnectMs.toFixed(0)} ms after redis-server restarted`);
    } finally {
      destroy(client);
      await server.stop();
    }
  });
});

describe("Redis answering slowly", () => {
  it("calls made while Redis is paused (CLIENT PAUSE) settle with the right answers once it resumes", async () => {
    const server = await startRedisServer();
    const client = testClient(server.url);
    const admin = testClient(server.url);
    await Promise.all([client.connect(), admin.connect()]);
    const store = redisStore(client);
    try {
      await store.set("present", token, 60);
      // CLIENT PAUSE answers once the pause has begun: every later command waits for it to end.
      await admin.sendCommand(["CLIENT", "PAUSE", "500", "ALL"]);
      const outcome = await settled(() =>
        Promise.all([
          store.get("present"),
          store.acquireLease("slow", "first", 30_000),
          store.acquireLease("slow", "second", 30_000),
          store.releaseLease("slow", "second"),
        ]),
      );
      expect(outcome.error).toBeUndefined();
      expect(outcome.value).toEqual([token, true, false, false]);
      console.log(`[timing] CLIENT PAUSE 500 ms: 4 calls settled after ${outcome.ms.toFixed(0)} ms`);
    } finally {
      destroy(client);
      destroy(admin);
      await server.stop();
    }
  });

  it("a call waiting on a paused Redis rejects with OCC_STORE_ERROR when Redis dies, instead of hanging", async () => {
    const server = await startRedisServer();
    const client = testClient(server.url);
    const admin = testClient(server.url);
    await Promise.all([client.connect(), admin.connect()]);
    const store = redisStore(client);
    try {
      await admin.sendCommand(["CLIENT", "PAUSE", "60000", "ALL"]);
      const pending = settled(() => store.get("k"));
      await server.stop();
      const outcome = await pending;
      expect(outcome.error).toBeInstanceOf(OccError);
      expect(outcome.error).toMatchObject({ code: "OCC_STORE_ERROR", message: expect.stringContaining("could not read a value") });
      console.log(`[timing] paused, then killed: the pending get rejected after ${outcome.ms.toFixed(0)} ms`);
    } finally {
      destroy(client);
      destroy(admin);
      await server.stop();
    }
  });
});
