/**
 * Failures, from real clients: token requests a caller waited for that failed, calls refused during the pause
 * after a failure, a store that throws, and a background refresh that failed.
 */
import { type AuthServer, type FaultServer, startAuthServer, startFaultServer } from "@occ/dev-server";
import { defineStore, OAuthError, OccError } from "@occ/core";
import { SpanStatusCode } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TOKEN_REQUEST_SPAN } from "../src/index.ts";
import { instrumented } from "./instrumented.ts";
import { milliseconds } from "./telemetry.ts";

let auth: AuthServer;
let faults: FaultServer;
beforeAll(async () => {
  [auth, faults] = await Promise.all([startAuthServer(), startFaultServer()]);
});
afterAll(async () => {
  await Promise.all([auth?.close(), faults?.close()]);
});

const simple = () => ({ tokenUrl: auth.tokenUrl, clientId: auth.clients.simple.clientId, clientSecret: auth.clients.simple.clientSecret });

/** The demo `simple` client with a wrong secret: oidc-provider answers 401 invalid_client, and occ does not retry it. */
function refusedClient() {
  const setup = instrumented({ ...simple(), clientSecret: "not-the-secret" });
  return { ...setup, refused: () => setup.client.getToken().then(() => expect.unreachable("a token for a wrong secret"), (e: unknown) => e) };
}

describe("token_failed for a caller who waited", () => {
  it("counts a failure by error code, OAuth error and HTTP status, and records the duration", async () => {
    const { otel, of, refused } = refusedClient();
    expect(await refused()).toBeInstanceOf(OAuthError);
    const [failed, ...more] = of("token_failed");
    expect(more).toEqual([]);
    expect(failed).toMatchObject({ attempts: 1, background: false, served: false });
    const attributes = {
      "occ.key": failed!.key,
      "occ.token.outcome": "failure",
      "occ.token.background": false,
      "error.type": "OCC_OAUTH_ERROR",
      "occ.oauth.error": "invalid_client",
      "http.response.status_code": 401,
    };
    expect(await otel.value("occ.token.requests", attributes)).toBe(1);
    const histogram = await otel.histogram("occ.token.request.duration", attributes);
    expect(histogram.count).toBe(1);
    expect(histogram.sum).toBeCloseTo(failed!.durationMs / 1000, 9);
    // Only background refreshes are refresh failures.
    expect(await otel.points("occ.token.refresh.failures")).toEqual([]);
  });

  it("records an ERROR span with the code, lasting durationMs", async () => {
    const { otel, of, refused } = refusedClient();
    await refused();
    const [failed] = of("token_failed");
    const [span, ...others] = otel.spans();
    expect(others).toEqual([]);
    expect(span!.name).toBe(TOKEN_REQUEST_SPAN);
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: "OCC_OAUTH_ERROR" });
    expect(span!.attributes).toEqual({
      "occ.key": failed!.key,
      "occ.token.attempts": 1,
      "occ.token.background": false,
      "occ.token.served": false,
      "error.type": "OCC_OAUTH_ERROR",
      "occ.oauth.error": "invalid_client",
      "http.response.status_code": 401,
    });
    expect(milliseconds(span!.duration)).toBeCloseTo(failed!.durationMs, 3);
  });
});

describe("calls refused during a pause (token_failed, attempts 0)", () => {
  it("counts them as refused, by the THROTTLED code and the status, without a duration or a span", async () => {
    // 429 with Retry-After: 30: no token request for 30 s, so the next two calls are refused at once.
    const { otel, client, of } = instrumented({ tokenUrl: `${faults.url}/429-retry-after/otel-pause?retry-after=30`, clientId: "c", clientSecret: "s", retries: 0 });
    await expect(client.getToken()).rejects.toMatchObject({ code: "OCC_OAUTH_ERROR", status: 429 });
    for (let call = 0; call < 2; call++) await expect(client.getToken()).rejects.toBeInstanceOf(OccError);
    expect(faults.count("429-retry-after", "otel-pause")).toBe(1);
    const [sent, ...refusals] = of("token_failed");
    expect(refusals.map((e) => [e.attempts, e.error.code])).toEqual([[0, "OCC_THROTTLED"], [0, "OCC_THROTTLED"]]);

    const refused = { "occ.key": sent!.key, "occ.token.outcome": "refused", "error.type": "OCC_THROTTLED", "http.response.status_code": 429 };
    expect(await otel.value("occ.token.requests", refused)).toBe(2);
    expect(await otel.value("occ.token.requests", { "occ.token.outcome": "failure", "http.response.status_code": 429 })).toBe(1);
    // Only the request that reached the server has a duration and a span.
    expect((await otel.points("occ.token.request.duration")).map((p) => p.attributes["occ.token.outcome"])).toEqual(["failure"]);
    expect(otel.spans()).toHaveLength(1);
  });
});

describe("store errors and failed background refreshes", () => {
  it("counts a store that throws (store_error) by operation and error type", async () => {
    const broken = defineStore({
      get: () => {
        throw Object.assign(new Error("connection refused"), { code: "OCC_STORE_ERROR" });
      },
      set: () => {},
      delete: () => {},
    });
    const { otel, client, of } = instrumented({ ...simple(), store: broken });
    await client.getToken();
    // Two reads: the token, and a pause another instance may have stored.
    const [failure, ...more] = of("store_error");
    expect(more.map((e) => e.operation)).toEqual(["get"]);
    expect(await otel.value("occ.store.errors", { "occ.key": failure!.key })).toBe(2);
    const [point] = await otel.points("occ.store.errors");
    expect(point!.attributes).toEqual({ "occ.key": failure!.key, "occ.store.operation": "get", "error.type": "OCC_STORE_ERROR" });
  });

  it("records a failed background refresh (token_failed, background) as a refresh failure and a root span", async () => {
    const down = await startFaultServer();
    let clock = Date.now();
    const { otel, client, next } = instrumented({ ...simple(), tokenUrl: `${down.url}/ok/otel-refresh`, now: () => clock, retries: 0 });
    const token = await client.getToken();
    await down.close(); // the authorization server goes away
    clock = token.expiresAt - 30_000; // inside the 60 s refresh window: served from cache, refreshed behind
    const failed = next("token_failed");
    const tracer = otel.tracerProvider.getTracer("app");
    const caller = tracer.startActiveSpan("GET /orders", (span) => {
      const served = client.getToken();
      span.end();
      return { span, served };
    });
    expect(await caller.served).toEqual(token);
    const { key } = await failed;

    expect(await otel.value("occ.token.refresh.failures", { "occ.key": key })).toBe(1);
    const [point] = await otel.points("occ.token.refresh.failures");
    expect(point!.attributes).toEqual({ "occ.key": key, "error.type": "OCC_NETWORK_ERROR", "occ.token.served": true });
    expect(
      await otel.value("occ.token.requests", { "occ.token.outcome": "failure", "occ.token.background": true, "error.type": "OCC_NETWORK_ERROR" }),
    ).toBe(1);
    const span = otel.spans().find((s) => s.name === TOKEN_REQUEST_SPAN && s.attributes["occ.token.background"] === true)!;
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: "OCC_NETWORK_ERROR" });
    expect(span.attributes["error.type"]).toBe("OCC_NETWORK_ERROR");
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.links.map((link) => link.context.spanId)).toEqual([caller.span.spanContext().spanId]);
  });
});
