import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { type Context, Hono } from "hono";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import {
  type ClientCredentialsEnv,
  clientCredentials,
  type ClientCredentialsSettings,
  type HonoClientOptions,
  type OccEvent,
} from "../../src/index.ts";
import { type Bindings, bindings, faultCount, faultUrl, recordingContext, tokenOf, tokenRequests } from "./helpers.ts";

type WorkerEnv = { Bindings: Bindings };
const SECRET = "workerd-secret s3cr+t/:%&=";
const quiet = { onEvent: () => {} };

function app(options: HonoClientOptions | ((c: Context<WorkerEnv>) => HonoClientOptions), settings?: ClientCredentialsSettings<WorkerEnv>) {
  return new Hono<WorkerEnv & ClientCredentialsEnv>()
    .use(clientCredentials<WorkerEnv>(options, settings))
    .get("/token", async (c) => c.json({ token: (await c.var.occ.getToken()).accessToken }))
    .get("/echo", async (c) => c.json(await (await c.var.occ.fetch(`${faultUrl}/api-echo/${crypto.randomUUID()}`)).json()));
}

afterEach(() => vi.restoreAllMocks());

describe("inside workerd", () => {
  it("makes exactly 1 token request for 20 requests with inline per-request options", async () => {
    const worker = app((c) => ({ tokenUrl: c.env.OAUTH_TOKEN_URL, clientId: c.env.OAUTH_CLIENT_ID, clientSecret: c.env.OAUTH_CLIENT_SECRET }));
    const before = await tokenRequests();
    const contexts = Array.from({ length: 20 }, () => createExecutionContext());
    const tokens = await Promise.all(contexts.map(async (ctx) => tokenOf(await worker.request("/token", {}, bindings, ctx))));
    await Promise.all(contexts.map((ctx) => waitOnExecutionContext(ctx)));
    expect(new Set(tokens).size).toBe(1);
    expect((await tokenRequests()) - before).toBe(1);
  });

  it("answers 502 for a refusal and 503 for a 5xx or a timeout, without the secret", async () => {
    const refused = app({ tokenUrl: `${faultUrl}/oauth-error/${crypto.randomUUID()}`, clientId: "id", clientSecret: SECRET, ...quiet });
    const failing = app({ tokenUrl: `${faultUrl}/fail-then-ok/${crypto.randomUUID()}?n=9`, clientId: "id", clientSecret: SECRET, retries: 0, ...quiet });
    // A hanging endpoint rather than a closed port: workerd logs every refused connection as an uncaught error.
    const hanging = app({ tokenUrl: `${faultUrl}/hang/${crypto.randomUUID()}`, clientId: "id", clientSecret: SECRET, retries: 0, timeout: 100, ...quiet });
    for (const [worker, status] of [[refused, 502], [failing, 503], [hanging, 503]] as const) {
      const res = await worker.request("/token", {}, bindings, createExecutionContext());
      expect(res.status).toBe(status);
      const body = await res.text();
      expect(body).not.toContain("workerd-secret");
      expect(JSON.parse(body)).toHaveProperty("error");
    }
  });

  it("logs the failure by default: one console.error line with the code, without the secret", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const worker = app({ tokenUrl: inject("tokenUrl"), clientId: bindings.OAUTH_CLIENT_ID, clientSecret: SECRET });
    expect((await worker.request("/token", {}, bindings, createExecutionContext())).status).toBe(502);
    expect(error).toHaveBeenCalledTimes(1);
    const line = String(error.mock.calls[0]?.[0]);
    expect(line).toMatch(/^\[occ\] token_failed OCC_OAUTH_ERROR: .*invalid_client/);
    expect(line).not.toContain("workerd-secret");
  });

  it("lets onError answer instead", async () => {
    const worker = app(
      { tokenUrl: `${faultUrl}/oauth-error/${crypto.randomUUID()}`, clientId: "id", clientSecret: SECRET, ...quiet },
      { onError: (err, c) => c.json({ mine: err.code }, 401) },
    );
    const res = await worker.request("/token", {}, bindings, createExecutionContext());
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ mine: "OCC_OAUTH_ERROR" });
  });

  it("refreshes ahead of expiry through the waitUntil of the request that noticed", async () => {
    const id = crypto.randomUUID();
    let offset = 0;
    const now = () => Date.now() + offset;
    const worker = app({ tokenUrl: `${faultUrl}/ok/${id}?ttl=300`, clientId: "id", clientSecret: SECRET, refreshSkew: 60, now });

    const a = recordingContext();
    expect(await tokenOf(await worker.request("/token", {}, bindings, a.recording))).toBe("tok-1");
    await waitOnExecutionContext(a.ctx);

    offset = 250_000; // inside the last 60 s of the token's 300 s
    // Through c.var.occ.fetch this time: the authenticated fetch takes the same refresh-ahead path.
    const b = recordingContext();
    const echoed = await worker.request("/echo", {}, bindings, b.recording);
    expect(await echoed.json()).toMatchObject({ auth: "Bearer tok-1" });
    expect(b.kept).toHaveLength(1);
    expect(a.kept).toHaveLength(0);
    await waitOnExecutionContext(b.ctx);
    expect(await faultCount("ok", id)).toBe(2);

    const c = recordingContext();
    expect(await tokenOf(await worker.request("/token", {}, bindings, c.recording))).toBe("tok-2");
    expect(c.kept).toHaveLength(0);
    expect(await faultCount("ok", id)).toBe(2);
  });

  it("hands the refresh to workerd's own ctx.waitUntil, bound to its context", async () => {
    const id = crypto.randomUUID();
    let offset = 0;
    const events: OccEvent[] = [];
    const worker = app((c) => ({
      tokenUrl: `${faultUrl}/ok/${id}?ttl=300`,
      clientId: "id",
      clientSecret: SECRET,
      now: () => Date.now() + offset,
      onEvent: (event) => events.push(event),
    }));
    expect(await tokenOf(await worker.request("/token", {}, bindings, createExecutionContext()))).toBe("tok-1");
    offset = 250_000;
    const ctx = createExecutionContext();
    expect(await tokenOf(await worker.request("/token", {}, bindings, ctx))).toBe("tok-1");
    await waitOnExecutionContext(ctx);
    expect(await faultCount("ok", id)).toBe(2);
    expect(events.map((e) => e.type)).not.toContain("wait_until_failed");
    expect(events.filter((e) => e.type === "token_fetched").map((e) => e.type === "token_fetched" && e.background)).toEqual([false, true]);
  });
});
