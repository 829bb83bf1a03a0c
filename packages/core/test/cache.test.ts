import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, memoryStore, type StoredToken, type TokenStore } from "../src/index.ts";
import { eventLog, manualClock, startFaultServer, uniqueId } from "./helpers.ts";

let fault: Awaited<ReturnType<typeof startFaultServer>>;
beforeAll(async () => {
  fault = await startFaultServer();
});
afterAll(() => fault.close());

const SECRET = "cache-secret+/:%";
function setup(scenario: string, query = "", extra: Record<string, unknown> = {}) {
  const id = uniqueId(scenario);
  const clock = manualClock();
  const log = eventLog();
  const options = {
    tokenUrl: `${fault.url}/${scenario}/${id}${query}`,
    clientId: "c",
    clientSecret: SECRET,
    now: clock.now,
    onEvent: log.onEvent,
    ...extra,
  };
  return { id, clock, log, options, client: createClient(options), count: () => fault.count(scenario, id) };
}

describe("single flight", () => {
  it("2 000 concurrent callers make one request and all get the same token", async () => {
    const { client, count } = setup("ok-slow", "?ms=100");
    const tokens = await Promise.all(Array.from({ length: 2000 }, () => client.getToken()));
    expect(count()).toBe(1);
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(["tok-1"]));
  });

  it("shares a failure too: concurrent callers get one error from one request", async () => {
    const { client, count } = setup("oauth-error", "", { retries: 0 });
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => client.getToken()));
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(count()).toBe(1);
  });
});

describe("freshness and refresh-ahead", () => {
  it("serves from memory until expiresAt - skew, then refreshes in the background once", async () => {
    const waited: Promise<unknown>[] = [];
    const { client, clock, count, log } = setup("ok", "?ttl=600", { waitUntil: (p: Promise<unknown>) => waited.push(p) });
    const first = await client.getToken();
    clock.advance(539_000);
    expect(await client.getToken()).toBe(first);
    expect(count()).toBe(1);

    clock.advance(2_000); // inside the 60 s window
    const during = await Promise.all([client.getToken(), client.getToken(), client.getToken()]);
    expect(during.every((t) => t === first)).toBe(true);
    expect(waited).toHaveLength(1);
    await Promise.all(waited);
    expect(count()).toBe(2);
    const refreshed = await client.getToken();
    expect(refreshed.accessToken).toBe("tok-2");
    expect(log.of("token_fetched").map((e) => (e as { background: boolean }).background)).toEqual([false, true]);
  });

  it("caps the skew at half the lifetime", async () => {
    const { client, clock, count } = setup("ok", "?ttl=60", { refreshSkew: 300 });
    await client.getToken();
    clock.advance(29_000);
    await client.getToken();
    expect(count()).toBe(1);
    clock.advance(2_000);
    await client.getToken();
    await new Promise((r) => setTimeout(r, 50));
    expect(count()).toBe(2);
  });

  it("keeps serving the valid token when a background refresh fails, and never serves an expired one", async () => {
    // The first request succeeds, the next two fail (503), then it works again.
    const id = uniqueId("flaky");
    const clock = manualClock();
    const log = eventLog();
    let calls = 0;
    const waited: Promise<unknown>[] = [];
    const client = createClient({
      tokenUrl: `${fault.url}/ok/${id}?ttl=100`,
      clientId: "c",
      clientSecret: SECRET,
      retries: 0,
      now: clock.now,
      onEvent: log.onEvent,
      waitUntil: (p) => waited.push(p),
      fetch: (input, init) => (++calls === 2 || calls === 3 ? fetch(`${fault.url}/error-html/${id}`, init) : fetch(input, init)),
    });
    const first = await client.getToken();
    clock.advance(70_000);
    expect(await client.getToken()).toBe(first);
    await Promise.all(waited);
    expect(log.of("refresh_failed")).toHaveLength(1);
    expect(await client.getToken()).toBe(first); // still valid, still served; the retry waits its backoff
    expect(waited).toHaveLength(1);

    clock.advance(31_000); // past expiry: must not be served
    const error = await client.getToken().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "OCC_UNEXPECTED_STATUS" });
    const next = await client.getToken();
    expect(next.accessToken).not.toBe(first.accessToken);
    expect(next.expiresAt).toBeGreaterThan(clock.now());
  });

  it("forceRefresh skips every cache; invalidate forgets memory and store", async () => {
    const store = memoryStore();
    const { client, count, options } = setup("ok", "", { store });
    await client.getToken();
    await client.getToken({ forceRefresh: true });
    expect(count()).toBe(2);
    await client.invalidate();
    const other = createClient(options);
    await other.getToken();
    expect(count()).toBe(3);
  });
});

describe("store", () => {
  it("a second client (a cold instance) takes a fresh token from a shared store without a request", async () => {
    const store = memoryStore();
    const { client, options, count, log } = setup("ok", "", { store });
    const token = await client.getToken();
    const cold = createClient(options);
    expect((await cold.getToken()).accessToken).toBe(token.accessToken);
    expect(count()).toBe(1);
    expect(log.of("token_cached").some((e) => (e as { source: string }).source === "store")).toBe(true);
  });

  it("instances sharing a store spread their refreshes, so one new token serves them all", async () => {
    const store = memoryStore();
    const { options, clock, count } = setup("ok", "?ttl=600", { store });
    const waited: Promise<unknown>[] = [];
    const instances = Array.from({ length: 20 }, () => createClient({ ...options, waitUntil: (p) => void waited.push(p) }));
    const first = await instances[0]!.getToken();
    for (const instance of instances) expect(await instance.getToken()).toEqual(first);
    expect(count()).toBe(1);

    // Walk through the 60 s refresh window in half-second steps, every instance serving a call at each step.
    clock.advance(540_000);
    for (let step = 0; step < 120; step++) {
      await Promise.all(instances.map((instance) => instance.getToken()));
      await Promise.all(waited.splice(0));
      clock.advance(500);
    }
    // Without the spread all 20 would refresh in the same step; with it, the first refresh reaches the store before
    // nearly all the others look (a couple may still land in that first half-second).
    expect(count() - 1).toBeGreaterThanOrEqual(1);
    expect(count() - 1).toBeLessThanOrEqual(4);
    const tokens = new Set(await Promise.all(instances.map(async (instance) => (await instance.getToken()).accessToken)));
    expect(tokens.has(first.accessToken)).toBe(false);
  });

  it("reads the store only when memory has no fresh token", async () => {
    let reads = 0;
    const inner = memoryStore();
    const store: TokenStore = { ...inner, get: (key) => (reads++, inner.get(key)) };
    const { client } = setup("ok", "", { store });
    for (let i = 0; i < 20; i++) await client.getToken();
    expect(reads).toBe(1);
  });

  it("writes plain JSON without the secret, with a TTL until expiry", async () => {
    const writes: [string, StoredToken, number][] = [];
    const store: TokenStore = { get: () => undefined, set: (k, v, ttl) => void writes.push([k, v, ttl]), delete: () => {} };
    const { client, clock } = setup("ok", "?ttl=600", { store });
    await client.getToken();
    expect(writes).toHaveLength(1);
    const [key, value, ttl] = writes[0]!;
    expect(key).toMatch(/^occ:[0-9a-f]{16}$/);
    expect(JSON.parse(JSON.stringify(value))).toEqual({ accessToken: "tok-1", tokenType: "Bearer", expiresAt: clock.now() + 600_000, issuedAt: clock.now() });
    expect(ttl).toBe(600);
    expect(JSON.stringify(writes)).not.toContain("cache-secret");
  });

  it.each([
    ["garbage", () => "not a token"],
    ["wrong types", () => ({ accessToken: 1, tokenType: "Bearer", expiresAt: "soon", issuedAt: 0 })],
    ["expired", () => ({ accessToken: "old", tokenType: "Bearer", expiresAt: 1, issuedAt: 0 })],
    ["a throwing get", () => {
      throw new Error("store down");
    }],
  ])("survives a store returning %s: a new token, reported through onEvent", async (label, get) => {
    const store: TokenStore = { get, set: () => Promise.reject(new Error("read only")), delete: () => {} };
    const { client, count, log } = setup("ok", "", { store });
    const token = await client.getToken();
    expect(token.accessToken).toBe("tok-1");
    expect(count()).toBe(1);
    expect(log.of("store_error").map((e) => (e as { operation: string }).operation)).toEqual(
      label === "expired" ? ["set"] : ["get", "set"],
    );
  });

  it("does not hang on a store that never answers: each operation is bounded by timeout", async () => {
    const never = () => new Promise<never>(() => {});
    const store: TokenStore = { get: never, set: never, delete: never };
    const { client, count, log } = setup("ok", "", { store, timeout: 100 });
    await expect(client.getToken()).resolves.toMatchObject({ accessToken: "tok-1" });
    await client.invalidate();
    expect(count()).toBe(1);
    expect(log.of("store_error").map((e) => [(e as { operation: string }).operation, (e as { error: { code: string } }).error.code])).toEqual([
      ["get", "OCC_TIMEOUT"],
      ["set", "OCC_TIMEOUT"],
      ["delete", "OCC_TIMEOUT"],
    ]);
  });
});

describe("cache key", () => {
  const key = (extra: Record<string, unknown>) => {
    const keys: string[] = [];
    const store: TokenStore = { get: (k) => void keys.push(k), set: () => {}, delete: () => {} };
    const client = createClient({ tokenUrl: "https://as.example/token", clientId: "c", clientSecret: "s1", store, ...extra });
    return client.getToken().catch(() => keys[0]!).then(() => keys[0]!);
  };

  it("ignores scope and resource order and the secret; separates everything else", async () => {
    const fetchNever = (() => Promise.reject(new Error("offline"))) as typeof fetch;
    const base = { fetch: fetchNever, retries: 0 };
    const k = await key({ ...base, scope: "a b", resource: ["urn:x", "urn:y"] });
    expect(await key({ ...base, scope: ["b", "a"], resource: ["urn:y", "urn:x"] })).toBe(k);
    expect(await key({ ...base, scope: "a b", resource: ["urn:x", "urn:y"], clientSecret: "s2" })).toBe(k);
    const variants = [
      { scope: "a" },
      { scope: "a b", resource: ["urn:x"], audience: "https://api" },
      { scope: "a b", resource: ["urn:x", "urn:y"], params: { tenant: "t1" } },
      { scope: "a b", resource: ["urn:x", "urn:y"], clientId: "d" },
      { scope: "a b", resource: ["urn:x", "urn:y"], authMethod: "client_secret_post" },
      { scope: "a b", resource: ["urn:x", "urn:y"], tokenUrl: "https://as.example/other" },
    ];
    const keys = await Promise.all(variants.map((v) => key({ ...base, ...v })));
    expect(new Set([k, ...keys]).size).toBe(variants.length + 1);
  });
});
