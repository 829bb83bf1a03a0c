import { createClient as createCoreClient, type OccEvent, OccError, type StoredToken } from "@occ/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { storeConformance } from "../../core/test/store-conformance.ts";
import { redisStore } from "../src/index.ts";
import { destroy, renderings, testClient, type TestClient } from "./helpers.ts";
import { type RedisServer, startRedisServer } from "./redis-server.ts";

let server: RedisServer;
let client: TestClient;
beforeAll(async () => {
  server = await startRedisServer();
  client = testClient(server.url);
  await client.connect();
});
afterAll(async () => {
  // Either may be missing when beforeAll failed (no redis-server): its error is the one to see.
  if (client !== undefined) destroy(client);
  await server?.stop("SIGTERM");
});

const token: StoredToken = {
  accessToken: "eyJ.redis-access-token.sig",
  tokenType: "Bearer",
  expiresAt: 1_900_000_000_000,
  issuedAt: 1_899_999_700_000,
  scope: "read:data",
};

describe("redisStore conformance", () => {
  let stores = 0;
  storeConformance("redisStore", {
    test: it,
    // One server for the file; a prefix per case keeps the cases apart.
    create: () => redisStore(client, { prefix: `conformance-${stores++}` }),
    leases: true,
  });
});

describe("redisStore", () => {
  it("stores JSON under occ:<key> with a PX expiry, and the lease under occ:lease:<key>", async () => {
    const store = redisStore(client);
    await store.set("3f9a", token, 300);
    expect(JSON.parse((await client.get("occ:3f9a"))!)).toEqual(token);
    const pttl = await client.pTTL("occ:3f9a");
    expect(pttl).toBeGreaterThan(290_000);
    expect(pttl).toBeLessThanOrEqual(300_000);

    expect(await store.acquireLease("3f9a", "instance-1", 30_000)).toBe(true);
    expect(await client.get("occ:lease:3f9a")).toBe("instance-1");
    expect(await client.pTTL("occ:lease:3f9a")).toBeLessThanOrEqual(30_000);
    expect(await store.releaseLease("3f9a", "instance-1")).toBe(true);
    expect(await client.exists("occ:lease:3f9a")).toBe(0);
  });

  it("rounds a fractional TTL up to whole milliseconds, at least 1", async () => {
    const store = redisStore(client, { prefix: "fractions" });
    await store.set("a", token, 0.0004);
    await store.set("b", token, 1.2345);
    // 1 ms may already have passed: the key is then gone (-2), but never refused by Redis.
    expect([-2, 0, 1]).toContain(await client.pTTL("fractions:a"));
    expect(await client.pTTL("fractions:b")).toBeGreaterThan(1_000);
    expect(await client.pTTL("fractions:b")).toBeLessThanOrEqual(1_235);
  });

  it("keeps stores with different prefixes apart", async () => {
    await redisStore(client, { prefix: "tenant-a" }).set("k", token, 60);
    expect(await redisStore(client, { prefix: "tenant-b" }).get("k")).toBeUndefined();
    expect(await redisStore(client, { prefix: "tenant-a" }).get("k")).toEqual(token);
    expect(await redisStore(client, { prefix: "tenant-b" }).acquireLease("k", "b", 60_000)).toBe(true);
    expect(await redisStore(client, { prefix: "tenant-a" }).acquireLease("k", "a", 60_000)).toBe(true);
  });

  it("one lease holder among 5 connections racing 10 owners each", async () => {
    const clients = Array.from({ length: 5 }, () => testClient(server.url));
    try {
      await Promise.all(clients.map((c) => c.connect()));
      for (let round = 0; round < 5; round++) {
        const attempts = clients.flatMap((c, i) =>
          Array.from({ length: 10 }, (_, j) => redisStore(c).acquireLease(`race-${round}`, `client-${i}-owner-${j}`, 60_000)),
        );
        const results = await Promise.all(attempts);
        expect(results.filter(Boolean), `round ${round}`).toHaveLength(1);
      }
    } finally {
      clients.forEach(destroy);
    }
  });

  it("reports a value that is not JSON as OCC_STORE_ERROR without quoting it", async () => {
    await client.set("occ:corrupt", '{"accessToken":"eyJ.leaked-if-quoted');
    const error = await Promise.resolve(redisStore(client).get("corrupt")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OccError);
    expect(error).toMatchObject({ code: "OCC_STORE_ERROR", message: expect.stringContaining('"occ:corrupt" is not JSON') });
    expect(renderings(error)).not.toContain("leaked-if-quoted");
  });

  it.each([
    ["not JSON", "not json"],
    ["an array", "[]"],
    ["a string", '"eyJ.access.token"'],
    ["an empty accessToken", JSON.stringify({ ...token, accessToken: "" })],
    ["a string for expiresAt", JSON.stringify({ ...token, expiresAt: "tomorrow" })],
  ])("hands %s to occ, which reports it, fetches a token and overwrites it", async (what, raw) => {
    const prefix = `corrupt-${what.replaceAll(" ", "-")}`;
    let fetched = 0;
    const options = {
      tokenUrl: "https://as.example/token",
      clientId: "corrupt",
      clientSecret: "corrupt-secret",
      store: redisStore(client, { prefix }),
      // The token endpoint is not under test here, only what happens to a corrupt value in Redis.
      fetch: async () => (fetched++, Response.json({ access_token: `fresh-${fetched}`, token_type: "Bearer", expires_in: 3600 })),
    };
    await createCoreClient(options).getToken();
    // The token is written, and then the lease released, in the client's background: wait for both.
    const key = await vi.waitFor(async () => {
      const keys = await client.keys(`${prefix}:*`);
      expect(keys).toEqual([expect.not.stringContaining(":lease:")]);
      return keys[0]!;
    });
    await client.set(key, raw);

    const events: OccEvent[] = [];
    const cold = createCoreClient({ ...options, onEvent: (event) => events.push(event) });
    expect((await cold.getToken()).accessToken).toBe("fresh-2");
    expect(events.filter((e) => e.type === "store_error").map((e) => (e as { operation: string }).operation)).toEqual(["get"]);
    expect(JSON.parse((await client.get(key))!)).toMatchObject({ accessToken: "fresh-2" });
  });

  it("rejects a missing client or a bad prefix with OCC_INVALID_OPTIONS", () => {
    for (const bad of [undefined, null, {}, "redis://127.0.0.1"]) {
      expect(() => redisStore(bad as never)).toThrowError(expect.objectContaining({ code: "OCC_INVALID_OPTIONS" }));
    }
    for (const prefix of ["", 7 as unknown as string]) {
      expect(() => redisStore(client, { prefix })).toThrowError(expect.objectContaining({ code: "OCC_INVALID_OPTIONS" }));
    }
  });
});
