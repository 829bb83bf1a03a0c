import { describe, expect, it } from "vitest";
import { ABORTED, defineStore, memoryStore, OccError, THROTTLED, type StoredValue } from "../src/index.ts";
import { cacheRig, failure, settle } from "./cache-helpers.ts";

describe("single flight", () => {
  it("2 000 concurrent callers share one request and get the same token", async () => {
    const { serve, cache, requests, token } = cacheRig();
    const callers = Array.from({ length: 2000 }, () => cache.get());
    await settle();
    expect(requests).toHaveLength(1);
    const issued = token();
    requests[0]!.resolve(issued);
    expect(new Set(await Promise.all(callers))).toEqual(new Set([issued]));
  });

  it("shares a failure: every waiting caller gets the same error from one request", async () => {
    const { serve, cache, requests } = cacheRig();
    const callers = Array.from({ length: 50 }, () => cache.get().catch((e: unknown) => e));
    await settle();
    const error = failure();
    requests[0]!.reject(error);
    expect(new Set(await Promise.all(callers))).toEqual(new Set([error]));
    expect(requests).toHaveLength(1);
  });
});

describe("refresh ahead", () => {
  it("serves from memory until expiresAt − skew, then one background refresh while the old token is served", async () => {
    const { serve, cache, requests, token, clock, background, of } = cacheRig();
    const issued = await serve(cache.get(), token(600_000));
    clock.advance(539_000);
    expect(await cache.get()).toBe(issued);
    expect(requests).toHaveLength(1);

    clock.advance(2_000);
    expect(await Promise.all([cache.get(), cache.get(), cache.get()])).toEqual([issued, issued, issued]);
    await settle();
    expect(requests).toHaveLength(2);
    expect(background).toHaveLength(1);
    const next = token(600_000);
    requests[1]!.resolve(next);
    await Promise.all(background);
    expect(await cache.get()).toBe(next);
    expect(of("token_fetched").map((e) => e.background)).toEqual([false, true]);
  });

  it("caps the skew at half the token's lifetime", async () => {
    const { serve, cache, requests, token, clock } = cacheRig({ refreshSkewMs: 300_000 });
    const first = cache.get();
    await settle();
    requests[0]!.resolve(token(60_000));
    await first;
    clock.advance(29_000);
    await cache.get();
    await settle();
    expect(requests).toHaveLength(1);
    clock.advance(2_000);
    await cache.get();
    await settle();
    expect(requests).toHaveLength(2);
  });

  it("a failed background refresh keeps serving the valid token, pauses, reports it, and never serves it expired", async () => {
    const { serve, cache, requests, token, clock, of } = cacheRig();
    const issued = await serve(cache.get(), token(600_000));
    clock.advance(541_000);
    expect(await cache.get()).toBe(issued);
    await settle();
    requests[1]!.reject(failure("OCC_UNEXPECTED_STATUS", { status: 503 }));
    await settle();
    expect(of("token_failed")).toMatchObject([{ background: true, served: true, attempts: 1 }]);
    // Inside the cool-down no new background request; the token is still served.
    expect(await cache.get()).toBe(issued);
    await settle();
    expect(requests).toHaveLength(2);
    clock.advance(60_000);
    const late = cache.get().catch((e: unknown) => e);
    await settle();
    expect(requests).toHaveLength(3);
    requests[2]!.resolve(token());
    expect(await late).not.toBe(issued);
  });

  it("a store without a lease spreads the refresh point over the later half of the window, deterministically", async () => {
    const points: number[] = [];
    for (const random of [0, 0.5, 1]) {
      const map = new Map<string, StoredValue>();
      const store = defineStore({ get: (key) => map.get(key), set: (key, value) => void map.set(key, value), delete: (key) => void map.delete(key) });
      const { serve, cache, requests, token, clock } = cacheRig({ store, random: () => random });
      const first = cache.get();
      await settle();
      requests[0]!.resolve(token(600_000));
      await first;
      let seconds = 0;
      while (requests.length === 1 && seconds < 600) {
        clock.advance(1_000);
        seconds++;
        await cache.get();
        await settle();
      }
      points.push(seconds);
    }
    expect(points).toEqual([540, 555, 570]);
  });

  it("a store with a lease (memoryStore) refreshes at the start of the window: the lease, not chance, picks one", async () => {
    const { serve, cache, requests, token, clock } = cacheRig({ store: memoryStore(), random: () => 1 });
    const first = cache.get();
    await settle();
    requests[0]!.resolve(token(600_000));
    await first;
    clock.advance(540_000);
    await cache.get();
    await settle();
    expect(requests).toHaveLength(2);
  });
});
