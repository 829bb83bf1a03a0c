import { describe, expect, it } from "vitest";
import { ABORTED, memoryStore } from "../src/index.ts";
import { cacheRig, settle } from "./cache-helpers.ts";

describe("cancellation", () => {
  it("a caller that gives up gets OCC_ABORTED; the request goes on for the others", async () => {
    const { serve, cache, requests, token } = cacheRig();
    const controller = new AbortController();
    const quitter = cache.get({ signal: controller.signal }).catch((e: unknown) => e);
    const stayer = cache.get();
    await settle();
    controller.abort(new Error("user gave up"));
    expect(await quitter).toMatchObject({ code: ABORTED });
    expect(requests[0]!.signal.aborted).toBe(false);
    const issued = token();
    requests[0]!.resolve(issued);
    expect(await stayer).toBe(issued);
  });

  it("when every caller gives up, the request is cancelled, and the next caller starts a new one", async () => {
    const { serve, cache, requests, token } = cacheRig();
    const controllers = [new AbortController(), new AbortController()];
    const callers = controllers.map((c) => cache.get({ signal: c.signal }).catch((e: unknown) => e));
    await settle();
    for (const c of controllers) c.abort();
    await Promise.all(callers);
    expect(requests[0]!.signal.aborted).toBe(true);
    const next = cache.get();
    await settle();
    expect(requests).toHaveLength(2);
    requests[1]!.resolve(token());
    await next;
  });

  it("an already aborted signal fails at once, without a request", async () => {
    const { serve, cache, requests } = cacheRig();
    const controller = new AbortController();
    controller.abort();
    await expect(cache.get({ signal: controller.signal })).rejects.toMatchObject({ code: ABORTED });
    expect(requests).toHaveLength(0);
  });
});

describe("forceRefresh", () => {
  it("never resolves to a token requested before the call, even while a cold load is in flight", async () => {
    const { serve, cache, requests, token } = cacheRig({ store: memoryStore() });
    const cold = cache.get();
    await settle();
    const forced = cache.get({ forceRefresh: true });
    await settle();
    expect(requests).toHaveLength(1);
    const old = token();
    requests[0]!.resolve(old);
    expect(await cold).toBe(old);
    await settle();
    expect(requests).toHaveLength(2);
    const fresh = token();
    requests[1]!.resolve(fresh);
    expect(await forced).toBe(fresh);
  });

  it("does not read the store: a stored (possibly just rejected) token is not returned", async () => {
    const store = memoryStore();
    const first = cacheRig({ store });
    const cold = first.cache.get();
    await settle();
    first.requests[0]!.resolve(first.token());
    await cold;
    const second = cacheRig({ store, clock: first.clock });
    const forced = second.cache.get({ forceRefresh: true });
    await settle();
    expect(second.requests).toHaveLength(1);
    second.requests[0]!.resolve(second.token(600_000, { accessToken: "fresh" }));
    expect((await forced).accessToken).toBe("fresh");
  });

  it("concurrent forced callers that arrive before the request starts share it", async () => {
    const { serve, cache, requests, token } = cacheRig();
    const running = cache.get();
    await settle();
    const forced = [cache.get({ forceRefresh: true }), cache.get({ forceRefresh: true })];
    requests[0]!.resolve(token());
    await running;
    await settle();
    expect(requests).toHaveLength(2);
    const fresh = token();
    requests[1]!.resolve(fresh);
    expect(await Promise.all(forced)).toEqual([fresh, fresh]);
  });
});

describe("invalidate", () => {
  it("a load that read the store before invalidate() does not bring the token back after it", async () => {
    const store = memoryStore();
    const writer = cacheRig({ store });
    const stale = await writer.serve(writer.cache.get());
    await Promise.all(writer.background);

    const reader = cacheRig({ store, clock: writer.clock });
    const loading = reader.cache.get();
    const invalidated = reader.cache.invalidate();
    expect(await loading).toEqual(stale); // it asked before: it gets what it read
    await invalidated;
    const after = reader.cache.get();
    await settle();
    expect(reader.requests).toHaveLength(1);
    reader.requests[0]!.resolve(reader.token(600_000, { accessToken: "new" }));
    expect((await after).accessToken).toBe("new");
  });
});

describe("replacing a rejected token", () => {
  it("concurrent replacements of one token make one request", async () => {
    const { serve, cache, requests, token } = cacheRig();
    const rejected = await serve(cache.get());
    const replacements = Array.from({ length: 20 }, () => cache.replace(rejected, undefined));
    await settle();
    expect(requests).toHaveLength(2);
    const fresh = token();
    requests[1]!.resolve(fresh);
    expect(new Set(await Promise.all(replacements))).toEqual(new Set([fresh]));
  });

  it("a replacement rejected again within 30 s is not replaced: no token pump", async () => {
    const { serve, cache, requests, token, clock } = cacheRig();
    const rejected = await serve(cache.get());
    const replacing = cache.replace(rejected, undefined);
    await settle();
    const replacement = token();
    requests[1]!.resolve(replacement);
    expect(await replacing).toBe(replacement);
    for (let i = 0; i < 200; i++) expect(await cache.replace(replacement, undefined)).toBeUndefined();
    expect(requests).toHaveLength(2);
    clock.advance(30_001);
    const later = cache.replace(replacement, undefined);
    await settle();
    expect(requests).toHaveLength(3);
    requests[2]!.resolve(token());
    expect(await later).toBeInstanceOf(Object);
  });

  it("a token that another caller already replaced is returned without a request", async () => {
    const { serve, cache, requests, token } = cacheRig();
    const rejected = await serve(cache.get());
    const replacing = cache.replace(rejected, undefined);
    await settle();
    const fresh = token();
    requests[1]!.resolve(fresh);
    await replacing;
    expect(await cache.replace(rejected, undefined)).toBe(fresh);
    expect(requests).toHaveLength(2);
  });
});
