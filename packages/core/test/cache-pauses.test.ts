import { describe, expect, it } from "vitest";
import { memoryStore, THROTTLED } from "../src/index.ts";
import { cacheRig, failure, settle } from "./cache-helpers.ts";

/** Asks for a token, answers the request with `error`, returns what the caller got. */
async function failOnce(rig: ReturnType<typeof cacheRig>, error: unknown) {
  const pending = rig.cache.get().catch((e: unknown) => e);
  await settle();
  rig.requests.at(-1)!.reject(error);
  return pending;
}

describe("cool-down after failures", () => {
  it("a hot loop against a refusal makes one request per cool-down; callers get the last error at once", async () => {
    const rig = cacheRig();
    const refusal = failure("OCC_OAUTH_ERROR", { status: 401 });
    expect(await failOnce(rig, refusal)).toBe(refusal);
    for (let i = 0; i < 1000; i++) expect(await rig.cache.get().catch((e: unknown) => e)).toBe(refusal);
    expect(rig.requests).toHaveLength(1);
    expect(rig.of("token_failed").filter((e) => e.attempts === 0)).toHaveLength(1000);
    expect((refusal as { retryAt?: number }).retryAt).toBe(rig.clock.now() + 750);
  });

  it("doubles from 1 s to 60 s with jitter, and resets after a success", async () => {
    const rig = cacheRig({ random: () => 1 });
    const pauses: number[] = [];
    for (let i = 0; i < 9; i++) {
      const error = (await failOnce(rig, failure())) as { retryAt: number };
      pauses.push(error.retryAt - rig.clock.now());
      rig.clock.advance(error.retryAt - rig.clock.now());
    }
    expect(pauses).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    const ok = rig.cache.get();
    await settle();
    rig.requests.at(-1)!.resolve(rig.token(1_000));
    await ok;
    rig.clock.advance(2_000);
    const error = (await failOnce(rig, failure())) as { retryAt: number };
    expect(error.retryAt - rig.clock.now()).toBe(1_000);
  });

  it("jitter spreads a fleet: equal jitter keeps each pause between half and all of its ceiling", async () => {
    const low = cacheRig({ random: () => 0 });
    const error = (await failOnce(low, failure())) as { retryAt: number };
    expect(error.retryAt - low.clock.now()).toBe(500);
  });

  it("forceRefresh does not bypass a cool-down", async () => {
    const rig = cacheRig();
    const refusal = failure("OCC_OAUTH_ERROR", { status: 400 });
    await failOnce(rig, refusal);
    await expect(rig.cache.get({ forceRefresh: true })).rejects.toBe(refusal);
    expect(rig.requests).toHaveLength(1);
  });

  it("a caller that gave up (OCC_ABORTED) starts no cool-down", async () => {
    const rig = cacheRig();
    const controller = new AbortController();
    const quitting = rig.cache.get({ signal: controller.signal }).catch((e: unknown) => e);
    await settle();
    controller.abort();
    await quitting;
    rig.requests[0]!.reject(failure("OCC_ABORTED"));
    await settle();
    const next = rig.cache.get();
    await settle();
    expect(rig.requests).toHaveLength(2);
    rig.requests[1]!.resolve(rig.token());
    await next;
  });
});

describe("throttling (Retry-After)", () => {
  it("no request until Retry-After has passed; callers without a token get OCC_THROTTLED carrying the time", async () => {
    const rig = cacheRig();
    const retryAt = rig.clock.now() + 3_600_000;
    const answered = failure("OCC_UNEXPECTED_STATUS", { status: 429, retryAt });
    expect(await failOnce(rig, answered)).toBe(answered);
    rig.clock.advance(3_599_000);
    const later = (await rig.cache.get().catch((e: unknown) => e)) as { code: string; retryAt: number };
    expect(later).toMatchObject({ code: THROTTLED, retryAt, status: 429 });
    expect(rig.requests).toHaveLength(1);
    rig.clock.advance(1_000);
    const after = rig.cache.get();
    await settle();
    expect(rig.requests).toHaveLength(2);
    rig.requests[1]!.resolve(rig.token());
    await after;
  });

  it("caps a server's pause at one hour", async () => {
    const rig = cacheRig();
    await failOnce(rig, failure("OCC_UNEXPECTED_STATUS", { status: 503, retryAt: rig.clock.now() + 86_400_000 }));
    const later = (await rig.cache.get().catch((e: unknown) => e)) as { retryAt: number };
    expect(later.retryAt).toBe(rig.clock.now() + 3_600_000);
  });

  it("callers holding a valid token keep getting it while throttled", async () => {
    const rig = cacheRig();
    const issued = await rig.serve(rig.cache.get(), rig.token(600_000));
    rig.clock.advance(541_000);
    await rig.cache.get();
    await settle();
    rig.requests[1]!.reject(failure("OCC_UNEXPECTED_STATUS", { status: 429, retryAt: rig.clock.now() + 3_600_000 }));
    await settle();
    for (let i = 0; i < 100; i++) expect(await rig.cache.get()).toBe(issued);
    expect(rig.requests).toHaveLength(2);
  });

  it("a pause one instance learned reaches the others through the store", async () => {
    const store = memoryStore();
    const first = cacheRig({ store });
    await failOnce(first, failure("OCC_UNEXPECTED_STATUS", { status: 429, retryAt: first.clock.now() + 120_000 }));
    await Promise.all(first.background);
    const second = cacheRig({ store, clock: first.clock });
    const error = (await second.cache.get().catch((e: unknown) => e)) as { code: string; retryAt: number; message: string };
    expect(error).toMatchObject({ code: THROTTLED, retryAt: first.clock.now() + 120_000 });
    expect(error.message).toContain("another instance");
    expect(second.requests).toHaveLength(0);
  });
});
