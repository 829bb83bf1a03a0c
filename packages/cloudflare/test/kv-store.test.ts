import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { storeConformance } from "../../core/test/store-conformance.ts";
import { createClient as createCoreClient } from "@occ/core";
import { kvStore, type OccEvent, type StoredToken } from "../src/index.ts";
import { background } from "./helpers.ts";


const token: StoredToken = {
  accessToken: "eyJ.access.token",
  tokenType: "Bearer",
  expiresAt: 1_900_000_000_000,
  issuedAt: 1_899_999_700_000,
  scope: "read:data",
};

let stores = 0;
storeConformance("kvStore", {
  test: it,
  // A prefix per case keeps cases apart whether or not the pool isolates storage between tests.
  create: () => kvStore(env.STORE_KV, { prefix: `conformance-${stores++}` }),
  minTtlSeconds: 60,
});

describe("kvStore", () => {
  it("stores JSON under <prefix>:<key> with the TTL it is given", async () => {
    const store = kvStore(env.STORE_KV, { prefix: "ttl-long" });
    const before = Math.floor(Date.now() / 1000);
    await store.set("k", token, 3600);

    expect(await env.STORE_KV.get("ttl-long:k", "json")).toEqual(token);
    const { keys } = await env.STORE_KV.list({ prefix: "ttl-long:" });
    expect(keys.map((key) => key.name)).toEqual(["ttl-long:k"]);
    expect(keys[0]?.expiration).toBeGreaterThanOrEqual(before + 3600);
    expect(keys[0]?.expiration).toBeLessThan(before + 3600 + 60);
  });

  it("raises a TTL below 60 s to KV's minimum instead of failing the write", async () => {
    const store = kvStore(env.STORE_KV, { prefix: "ttl-short" });
    const before = Math.floor(Date.now() / 1000);
    await store.set("k", token, 1);
    await store.set("fraction", token, 0.2);

    const { keys } = await env.STORE_KV.list({ prefix: "ttl-short:" });
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key.expiration).toBeGreaterThanOrEqual(before + 60);
      expect(key.expiration).toBeLessThan(before + 120);
    }
    expect(await store.get("k")).toEqual(token);
  });

  it("prefixes keys with occ: by default, like every occ store", async () => {
    await kvStore(env.STORE_KV).set("default-prefix", token, 60);
    expect(await env.STORE_KV.get("occ:default-prefix", "json")).toEqual(token);
  });

  it.each([
    ["not JSON", "not json"],
    ["an empty object", "{}"],
    ["an array", "[]"],
    ["a string", '"eyJ.access.token"'],
    ["a number for accessToken", JSON.stringify({ ...token, accessToken: 42 })],
    ["a string for expiresAt", JSON.stringify({ ...token, expiresAt: "1900000000000" })],
    ["no issuedAt", JSON.stringify({ accessToken: "a", tokenType: "Bearer", expiresAt: 1_900_000_000_000 })],
    ["an empty accessToken", JSON.stringify({ ...token, accessToken: "" })],
    ["a non-string scope", JSON.stringify({ ...token, scope: ["read:data"] })],
    ["truncated JSON", JSON.stringify(token).slice(0, 30)],
  ])("hands %s to occ, which reports it, fetches a token and overwrites it", async (what, raw) => {
    const prefix = `corrupt-${what.replaceAll(" ", "-")}`;
    let fetched = 0;
    const work = background();
    const options = {
      waitUntil: work.waitUntil,
      tokenUrl: "https://as.example/token",
      clientId: "corrupt",
      clientSecret: "corrupt-secret",
      store: kvStore(env.STORE_KV, { prefix }),
      // The token endpoint is not under test here, only what happens to a corrupt value in KV.
      fetch: async () => (fetched++, Response.json({ access_token: `fresh-${fetched}`, token_type: "Bearer", expires_in: 3600 })),
    };
    await createCoreClient(options).getToken();
    await work.settled();
    const [entry] = (await env.STORE_KV.list({ prefix: `${prefix}:` })).keys;
    await env.STORE_KV.put(entry!.name, raw);

    const events: OccEvent[] = [];
    const cold = createCoreClient({ ...options, onEvent: (event) => events.push(event) });
    expect((await cold.getToken()).accessToken).toBe("fresh-2");
    await work.settled();
    expect(events.filter((e) => e.type === "store_error").map((e) => (e as { operation: string }).operation)).toEqual(["get"]);
    expect(await env.STORE_KV.get(entry!.name, "json")).toMatchObject({ accessToken: "fresh-2" });
  });

  it("rejects a prefix that is not a string with a typed error", () => {
    expect(() => kvStore(env.STORE_KV, { prefix: 1 as unknown as string })).toThrowError(
      expect.objectContaining({ name: "OccError", code: "OCC_INVALID_OPTIONS" }),
    );
  });
});
