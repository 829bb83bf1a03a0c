/**
 * What `otelEvents` records for tokens fetched, cached and shared, and retries, driven by a real client against the
 * local authorization server (oidc-provider) and the fault server.
 */
import { type AuthServer, type FaultServer, startAuthServer, startFaultServer } from "@occ/dev-server";
import { type ClientOptions, memoryStore } from "@occ/core";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TOKEN_REQUEST_SPAN } from "../src/index.ts";
import { instrumented as instrumentedClient } from "./instrumented.ts";
import { milliseconds } from "./telemetry.ts";

let auth: AuthServer;
let faults: FaultServer;
beforeAll(async () => {
  [auth, faults] = await Promise.all([startAuthServer({ accessTokenTtl: 300 }), startFaultServer()]);
});
afterAll(async () => {
  await Promise.all([auth?.close(), faults?.close()]);
});

/** A client on the demo `basic` client, instrumented. */
function instrumented(overrides: Partial<ClientOptions> = {}) {
  const demo = auth.clients.basic;
  return instrumentedClient({ tokenUrl: auth.tokenUrl, clientId: demo.clientId, clientSecret: demo.clientSecret, ...overrides });
}

describe("a token from the token endpoint (token_fetched)", () => {
  it("counts one successful request and records its duration in seconds", async () => {
    const { otel, client, of } = instrumented();
    await client.getToken();
    const [fetched] = of("token_fetched");
    const attributes = { "occ.key": fetched!.key, "occ.token.outcome": "success", "occ.token.background": false };

    expect(await otel.value("occ.token.requests", attributes)).toBe(1);
    const histogram = await otel.histogram("occ.token.request.duration", attributes);
    expect(histogram.count).toBe(1);
    expect(histogram.sum).toBeCloseTo(fetched!.durationMs / 1000, 9);
    const descriptor = (await otel.collect()).get("occ.token.request.duration")!.descriptor;
    expect(descriptor.unit).toBe("s");
    expect((await otel.collect()).get("occ.token.requests")!.descriptor.unit).toBe("{request}");
  });

  it("records a span that ends when the event arrives and lasts durationMs, with the key and attempts", async () => {
    const { otel, client, of } = instrumented();
    const before = Date.now();
    await client.getToken();
    const after = Date.now();
    const [fetched] = of("token_fetched");
    const [span, ...others] = otel.spans();

    expect(others).toEqual([]);
    expect(span!.name).toBe(TOKEN_REQUEST_SPAN);
    expect(span!.kind).toBe(SpanKind.INTERNAL);
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
    expect(span!.attributes).toEqual({ "occ.key": fetched!.key, "occ.token.attempts": 1, "occ.token.background": false });
    const end = milliseconds(span!.endTime);
    expect(end).toBeGreaterThanOrEqual(before);
    expect(end).toBeLessThanOrEqual(after);
    expect(milliseconds(span!.duration)).toBeCloseTo(fetched!.durationMs, 3);
    expect(span!.instrumentationScope.name).toBe("@occ/otel");
  });

  it("makes the span a child of the caller's active span", async () => {
    const { otel, client } = instrumented();
    const tracer = otel.tracerProvider.getTracer("app");
    const caller = await tracer.startActiveSpan("GET /orders", async (span) => {
      await client.getToken();
      span.end();
      return span;
    });
    const token = otel.spans().find((s) => s.name === TOKEN_REQUEST_SPAN)!;
    expect(token.spanContext().traceId).toBe(caller.spanContext().traceId);
    expect(token.parentSpanContext?.spanId).toBe(caller.spanContext().spanId);
  });

  it("has no parent outside any span", async () => {
    const { otel, client } = instrumented();
    expect(trace.getActiveSpan()).toBeUndefined();
    await client.getToken();
    expect(otel.spans()[0]!.parentSpanContext).toBeUndefined();
  });

  it("counts attempts and the retry when the endpoint failed once (retry)", async () => {
    const { otel, client, of } = instrumented({ tokenUrl: `${faults.url}/fail-then-ok/otel-retry` });
    await client.getToken();
    const [retry] = of("retry");
    expect(await otel.value("occ.token.retries", { "occ.key": retry!.key })).toBe(1);
    const [point] = await otel.points("occ.token.retries");
    expect(point!.attributes).toEqual({
      "occ.key": retry!.key,
      "error.type": "OCC_UNEXPECTED_STATUS",
      "http.response.status_code": 503,
    });
    expect(otel.spans()[0]!.attributes["occ.token.attempts"]).toBe(2);
  });
});

describe("cached tokens (token_cached) and time to expiry", () => {
  it("counts memory hits and reports the seconds left on the token", async () => {
    const { otel, client, of } = instrumented();
    const token = await client.getToken();
    for (let i = 0; i < 3; i++) await client.getToken();
    const key = of("token_cached")[0]!.key;

    expect(await otel.value("occ.token.cache.hits", { "occ.key": key, "occ.token.source": "memory" })).toBe(3);
    expect(await otel.points("occ.token.cache.hits")).toHaveLength(1);
    const before = Date.now();
    const left = await otel.value("occ.token.time_to_expiry", { "occ.key": key });
    const after = Date.now();
    expect(left).toBeLessThanOrEqual((token.expiresAt - before) / 1000);
    expect(left).toBeGreaterThanOrEqual((token.expiresAt - after) / 1000);
    expect(left).toBeGreaterThan(200);
  });

  it("keeps counting across collections (a cumulative counter)", async () => {
    const { otel, client, of } = instrumented();
    await client.getToken();
    await client.getToken();
    const key = of("token_cached")[0]!.key;
    expect(await otel.value("occ.token.cache.hits", { "occ.key": key })).toBe(1);
    await client.getToken();
    await client.getToken();
    expect(await otel.value("occ.token.cache.hits", { "occ.key": key })).toBe(3);
  });

  it("counts a token another client put in a shared store as a store hit", async () => {
    const store = memoryStore();
    const first = instrumented({ store });
    await first.client.getToken();
    const second = instrumented({ store });
    await second.client.getToken();
    const key = second.of("token_cached")[0]!.key;
    expect(await second.otel.value("occ.token.cache.hits", { "occ.key": key, "occ.token.source": "store" })).toBe(1);
    expect(await second.otel.points("occ.token.requests")).toEqual([]);
    expect(second.otel.spans()).toEqual([]);
  });
});
