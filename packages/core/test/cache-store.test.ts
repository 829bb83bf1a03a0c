import { describe, expect, it } from "vitest";
import { defineStore, memoryStore, STORE_ERROR, type StoredValue, type TokenStore } from "../src/index.ts";
import { cacheRig, settle } from "./cache-helpers.ts";

/** A store that holds `value` under every key and records what was written. */
function storeHolding(value: unknown, extra: Partial<TokenStore> = {}) {
  const written: StoredValue[] = [];
  const store = defineStore({
    get: () => value as StoredValue,
    set: (_key, v) => void written.push(v),
    delete: () => {},
    ...extra,
  });
  return { store, written };
}

const NOW = 1_800_000_000_000;
const good = { accessToken: "stored", tokenType: "Bearer", issuedAt: NOW - 1_000, expiresAt: NOW + 600_000 };

describe("stored values are checked like responses", () => {
  it("serves a good stored token without a request", async () => {
    const { serve, cache, requests, of } = cacheRig({ store: storeHolding(good).store });
    expect((await cache.get()).accessToken).toBe("stored");
    expect(requests).toHaveLength(0);
    expect(of("token_cached")).toMatchObject([{ source: "store" }]);
  });

  const getterThatThrows = Object.defineProperty({ ...good }, "expiresAt", {
    get() {
      throw new RangeError("boom");
    },
  });
  it.each([
    ["issuedAt after expiresAt (an expired token made to look fresh)", { ...good, issuedAt: NOW + 700_000 }],
    ["a header-unsafe token", { ...good, accessToken: "abc\r\nX: 1" }],
    ["a token with surrounding spaces", { ...good, accessToken: " abc " }],
    ["an unknown token type", { ...good, tokenType: "mac" }],
    ["a lifetime over 24 h", { ...good, issuedAt: NOW - 1_000, expiresAt: NOW + 90_000_000 }],
    ["expiresAt null (Infinity through JSON)", { ...good, expiresAt: null }],
    ["a token bound to a DPoP key this client does not hold", { ...good, jkt: "other-key" }],
    ["a scope that is not a string", { ...good, scope: ["read"] }],
    ["a string", "not json"],
    ["a getter that throws", getterThatThrows],
  ])("ignores %s: store_error event, a new token, and a good one written over it", async (_name, value) => {
    const { store, written } = storeHolding(value);
    const { serve, cache, requests, token, of, background } = cacheRig({ store });
    const pending = cache.get();
    await settle();
    expect(requests).toHaveLength(1);
    const issued = token();
    requests[0]!.resolve(issued);
    expect(await pending).toBe(issued);
    expect(of("store_error")[0]).toMatchObject({ operation: "get", error: { code: STORE_ERROR } });
    await Promise.all(background);
    expect(written).toContainEqual(issued);
  });
});

describe("store faults never hurt token delivery", () => {
  it("a store whose get throws: event, then the token endpoint", async () => {
    const { store } = storeHolding(undefined, {
      get: () => {
        throw new Error("connection reset by peer");
      },
    });
    const { serve, cache, requests, token, of } = cacheRig({ store });
    const pending = cache.get();
    await settle();
    requests[0]!.resolve(token());
    await pending;
    expect(of("store_error")[0]!.error.message).toContain("connection reset by peer");
  });

  it("a hanging store set does not delay handing out a fetched token; the write goes to waitUntil", async () => {
    const { store } = storeHolding(undefined, { set: () => new Promise(() => {}) });
    const { serve, cache, requests, token, background } = cacheRig({ store });
    const issued = await serve(cache.get());
    expect(background.length).toBeGreaterThan(0);
  });

  it("a store error that echoes the token being written is redacted in the event", async () => {
    const { store } = storeHolding(undefined, {
      set: (_key, value) => {
        throw new Error(`ERR value too large: ${JSON.stringify(value)}`);
      },
    });
    const { serve, cache, requests, token, of, background } = cacheRig({ store });
    const issued = await serve(cache.get());
    await Promise.all(background);
    const event = of("store_error").find((e) => e.operation === "set")!;
    expect(JSON.stringify(event.error.cause?.toString()) + event.error.message).not.toContain(issued.accessToken);
  });

  it("a waitUntil that throws (unbound ctx.waitUntil) is reported, and the cached token is still served", async () => {
    const rig = cacheRig({
      waitUntil: () => {
        throw new TypeError("Illegal invocation");
      },
    });
    const issued = await rig.serve(rig.cache.get(), rig.token(600_000));
    rig.clock.advance(545_000);
    expect(await rig.cache.get()).toBe(issued);
    expect(rig.of("wait_until_failed")[0]!.error).toMatchObject({ message: "Illegal invocation" });
  });

  it("invalidate() deletes the entry, and a failing delete is an event, not an error", async () => {
    const deleted: string[] = [];
    const store = defineStore({ ...memoryStore(), delete: (key: string) => void deleted.push(key) });
    const { cache } = cacheRig({ store, key: "the-key" });
    await cache.invalidate();
    expect(deleted).toEqual(["the-key"]);
    const failing = cacheRig({
      store: storeHolding(undefined, {
        delete: () => {
          throw new Error("read-only replica");
        },
      }).store,
    });
    await failing.cache.invalidate();
    expect(failing.of("store_error")).toMatchObject([{ operation: "delete" }]);
  });
});
