import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ABORTED, createClient, NETWORK_ERROR, OccError, TIMEOUT } from "../src/index.ts";
import { eventLog, startFaultServer, uniqueId } from "./helpers.ts";

let fault: Awaited<ReturnType<typeof startFaultServer>>;
beforeAll(async () => {
  fault = await startFaultServer();
});
afterAll(() => fault.close());

const client = (path: string, extra: Record<string, unknown> = {}) =>
  createClient({ tokenUrl: `${fault.url}/${path}`, clientId: "c", clientSecret: "retry-secret", ...extra });

describe("retries and timeouts", () => {
  it.each(["fail-then-ok", "408-then-ok", "reset-then-ok"])("%s: retried, then the token", async (scenario) => {
    const id = uniqueId(scenario);
    const log = eventLog();
    const token = await client(`${scenario}/${id}`, { onEvent: log.onEvent }).getToken();
    expect(token.accessToken).toBe("tok-2");
    expect(fault.count(scenario, id)).toBe(2);
    expect(log.of("retry")).toHaveLength(1);
    expect(log.of("token_fetched")[0]).toMatchObject({ attempts: 2 });
  });

  it("honours Retry-After on 429", async () => {
    const id = uniqueId("429");
    const log = eventLog();
    const token = await client(`429-then-ok/${id}`, { onEvent: log.onEvent }).getToken();
    expect(token.accessToken).toBe("tok-2");
    expect(log.of("retry")[0]).toMatchObject({ delayMs: 1000, attempt: 1 });
  });

  it("gives up after `retries` and reports the last failure", async () => {
    const id = uniqueId("fail");
    const error = await client(`fail-then-ok/${id}?n=5`, { retries: 2 }).getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OccError);
    expect(error).toMatchObject({ status: 503 });
    expect(fault.count("fail-then-ok", id)).toBe(3);
  });

  it("times out a hanging server per attempt, with retries", async () => {
    const id = uniqueId("hang");
    const log = eventLog();
    const error = await client(`hang/${id}`, { timeout: 150, retries: 1, onEvent: log.onEvent }).getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OccError);
    expect((error as OccError).code).toBe(TIMEOUT);
    expect(fault.count("hang", id)).toBe(2);
    expect(log.of("retry").map((e) => (e as { error: OccError }).error.code)).toEqual([TIMEOUT]);
  });

  it("reports an unreachable server as a network error", async () => {
    const error = await createClient({ tokenUrl: "http://127.0.0.1:9/token", clientId: "c", clientSecret: "s", retries: 0 })
      .getToken()
      .catch((e: unknown) => e);
    expect((error as OccError).code).toBe(NETWORK_ERROR);
  });

  it("a caller's signal stops that caller only; others still get the shared token", async () => {
    const id = uniqueId("slow");
    const c = client(`ok-slow/${id}?ms=200`);
    const controller = new AbortController();
    const aborted = c.getToken({ signal: controller.signal });
    const patient = c.getToken();
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: ABORTED });
    await expect(patient).resolves.toMatchObject({ accessToken: "tok-1" });
    expect(fault.count("ok-slow", id)).toBe(1);
    await expect(c.getToken({ signal: AbortSignal.abort() })).rejects.toMatchObject({ code: ABORTED });
  });

  it("cancels the request, retries included, once every waiting caller has given up", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      let requests = 0;
      const log = eventLog();
      const retried = new Promise<void>((resolve) => (log.onRetry = resolve));
      const c = createClient({
        tokenUrl: "https://as.example/token",
        clientId: "c",
        clientSecret: "retry-secret",
        onEvent: log.onEvent,
        fetch: async () => (++requests, new Response("busy", { status: 429, headers: { "retry-after": "1" } })),
      });
      const first = new AbortController();
      const second = new AbortController();
      const waiting = [c.getToken({ signal: first.signal }), c.getToken({ signal: second.signal })];
      await retried;
      first.abort();
      second.abort();
      for (const caller of waiting) await expect(caller).rejects.toMatchObject({ code: ABORTED });
      // Retry-After: 1 would send the retry a second later; the cancelled flight sends nothing more, and leaves no timer.
      await vi.advanceTimersByTimeAsync(5_000);
      expect(requests).toBe(1);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a caller that gives up leaves no timer behind, even when the fetch ignores its signal", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const c = createClient({ tokenUrl: "https://as.example/token", clientId: "c", clientSecret: "s", fetch: () => new Promise<Response>(() => {}) });
      const controller = new AbortController();
      const waiting = c.getToken({ signal: controller.signal });
      await vi.advanceTimersByTimeAsync(1);
      expect(vi.getTimerCount()).toBe(1); // the attempt's deadline
      controller.abort();
      await expect(waiting).rejects.toMatchObject({ code: ABORTED });
      await vi.advanceTimersByTimeAsync(0);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
