/**
 * Events of the public contract (packages/core/src/types.ts) that today's core does not emit yet — a failed
 * token request a caller waited for, a call refused during a pause, quota headers, leases, credential switches,
 * a throwing waitUntil — constructed here as typed `OccEvent`s. Once the new core emits them, these should
 * drive a real client instead (see the README of this package).
 */
import { OAuthError, type OccEvent, OccError, THROTTLED } from "@occ/core";
import { SpanStatusCode } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { otelEvents, TOKEN_REQUEST_SPAN } from "../src/index.ts";
import { milliseconds, telemetry } from "./telemetry.ts";

const key = "occ:4f1c2a";

function setup() {
  const otel = telemetry();
  const seen: OccEvent[] = [];
  const onEvent = otelEvents({ meterProvider: otel.meterProvider, tracerProvider: otel.tracerProvider, onEvent: (e) => seen.push(e) });
  return { otel, onEvent, seen };
}

describe("token_failed for a caller who waited", () => {
  const refused: OccEvent = {
    type: "token_failed",
    key,
    error: new OAuthError({ error: "invalid_client", errorDescription: "client authentication failed", status: 401 }),
    attempts: 1,
    durationMs: 42,
    background: false,
    served: false,
  };

  it("counts a failure by error code, OAuth error and HTTP status, and records the duration", async () => {
    const { otel, onEvent } = setup();
    onEvent(refused);
    const attributes = {
      "occ.key": key,
      "occ.token.outcome": "failure",
      "occ.token.background": false,
      "error.type": "OCC_OAUTH_ERROR",
      "occ.oauth.error": "invalid_client",
      "http.response.status_code": 401,
    };
    expect(await otel.value("occ.token.requests", attributes)).toBe(1);
    const histogram = await otel.histogram("occ.token.request.duration", attributes);
    expect([histogram.count, histogram.sum]).toEqual([1, 0.042]);
    // Only background refreshes are refresh failures.
    expect(await otel.points("occ.token.refresh.failures")).toEqual([]);
  });

  it("records an ERROR span with the code, lasting durationMs", () => {
    const { otel, onEvent } = setup();
    onEvent(refused);
    const [span] = otel.spans();
    expect(span!.name).toBe(TOKEN_REQUEST_SPAN);
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: "OCC_OAUTH_ERROR" });
    expect(span!.attributes).toEqual({
      "occ.key": key,
      "occ.token.attempts": 1,
      "occ.token.background": false,
      "occ.token.served": false,
      "error.type": "OCC_OAUTH_ERROR",
      "occ.oauth.error": "invalid_client",
      "http.response.status_code": 401,
    });
    expect(milliseconds(span!.duration)).toBeCloseTo(42, 6);
  });

  it("counts a call refused during a pause (attempts 0) as refused, without a duration or a span", async () => {
    const { otel, onEvent } = setup();
    const retryAt = Date.now() + 30_000;
    const error = new OccError(THROTTLED, "The token endpoint asked for a pause", { status: 429, retryAt });
    onEvent({ type: "token_failed", key, error, attempts: 0, durationMs: 0, background: false, served: false, retryAt });
    onEvent({ type: "token_failed", key, error, attempts: 0, durationMs: 0, background: false, served: false, retryAt });
    expect(
      await otel.value("occ.token.requests", { "occ.token.outcome": "refused", "error.type": "OCC_THROTTLED", "http.response.status_code": 429 }),
    ).toBe(2);
    expect(await otel.points("occ.token.request.duration")).toEqual([]);
    expect(otel.spans()).toEqual([]);
  });
});

describe("quota headers on token_fetched", () => {
  it("reports the latest limit and remaining per key and header", async () => {
    const { otel, onEvent } = setup();
    const fetched = (remaining: number): OccEvent => ({
      type: "token_fetched",
      key,
      expiresAt: Date.now() + 3_600_000,
      attempts: 1,
      durationMs: 5,
      background: false,
      quota: { header: "auth0-client-quota-limit", limit: 1000, remaining, resetAt: Date.now() + 86_400_000 },
    });
    onEvent(fetched(999));
    const attributes = { "occ.key": key, "occ.quota.header": "auth0-client-quota-limit" };
    expect(await otel.value("occ.quota.limit", attributes)).toBe(1000);
    expect(await otel.value("occ.quota.remaining", attributes)).toBe(999);
    onEvent(fetched(998));
    expect(await otel.value("occ.quota.remaining", attributes)).toBe(998);
  });

  it("reports only what the server sent", async () => {
    const { otel, onEvent } = setup();
    onEvent({ type: "token_fetched", key, expiresAt: Date.now() + 60_000, attempts: 1, durationMs: 5, background: false, quota: { header: "ratelimit-remaining", remaining: 7 } });
    expect(await otel.points("occ.quota.limit")).toEqual([]);
    expect(await otel.value("occ.quota.remaining", { "occ.quota.header": "ratelimit-remaining" })).toBe(7);
  });
});

describe("fleet and credential events", () => {
  it("counts lease outcomes by outcome", async () => {
    const { otel, onEvent } = setup();
    for (const outcome of ["acquired", "busy", "busy", "taken_over", "lost"] as const) onEvent({ type: "lease", key, outcome });
    expect(await otel.value("occ.lease.outcomes", { "occ.lease.outcome": "busy" })).toBe(2);
    expect(await otel.value("occ.lease.outcomes", { "occ.lease.outcome": "acquired" })).toBe(1);
    expect(await otel.value("occ.lease.outcomes", { "occ.lease.outcome": "taken_over" })).toBe(1);
    expect(await otel.value("occ.lease.outcomes", { "occ.lease.outcome": "lost" })).toBe(1);
  });

  it("counts credential switches by method and secret index, never the secret", async () => {
    const { otel, onEvent } = setup();
    onEvent({ type: "credentials_switched", key, method: "client_secret_post", secretIndex: 1 });
    const [point] = await otel.points("occ.credentials.switches");
    expect(point!.attributes).toEqual({ "occ.key": key, "occ.auth.method": "client_secret_post", "occ.secret.index": 1 });
    expect(point!.value).toBe(1);
  });

  it("counts waitUntil hooks that threw", async () => {
    const { otel, onEvent } = setup();
    onEvent({ type: "wait_until_failed", key, error: new TypeError("Illegal invocation") });
    expect(await otel.value("occ.wait_until.failures", { "occ.key": key })).toBe(1);
  });

  it("records nothing for discovery, and still hands it to your handler", async () => {
    const { otel, onEvent, seen } = setup();
    const discovered: OccEvent = { type: "discovered", issuer: "https://idp.example.com", tokenUrl: "https://idp.example.com/token" };
    onEvent(discovered);
    expect([...(await otel.collect()).values()].every((metric) => metric.dataPoints.length === 0)).toBe(true);
    expect(seen).toEqual([discovered]);
  });
});

describe("time to expiry", () => {
  it("is 0, not negative, once the latest token has expired", async () => {
    const { otel, onEvent } = setup();
    onEvent({ type: "token_cached", key, expiresAt: Date.now() - 5_000, source: "memory" });
    expect(await otel.value("occ.token.time_to_expiry", { "occ.key": key })).toBe(0);
  });

  it("follows the latest token of each key", async () => {
    const { otel, onEvent } = setup();
    const now = Date.now();
    onEvent({ type: "token_fetched", key, expiresAt: now + 600_000, attempts: 1, durationMs: 1, background: false });
    onEvent({ type: "token_fetched", key: "occ:other", expiresAt: now + 7_200_000, attempts: 1, durationMs: 1, background: false });
    expect(await otel.value("occ.token.time_to_expiry", { "occ.key": key })).toBeLessThanOrEqual(600);
    expect(await otel.value("occ.token.time_to_expiry", { "occ.key": "occ:other" })).toBeGreaterThan(7_000);
  });
});

describe("your own handler", () => {
  it("is called with every event, after it is recorded", async () => {
    const { otel, onEvent, seen } = setup();
    const events: OccEvent[] = [
      { type: "lease", key, outcome: "acquired" },
      { type: "token_cached", key, expiresAt: Date.now() + 1000, source: "store" },
    ];
    for (const event of events) onEvent(event);
    expect(seen).toEqual(events);
    expect(await otel.value("occ.token.cache.hits", { "occ.token.source": "store" })).toBe(1);
  });

  it("is still called when recording throws", () => {
    const otel = telemetry();
    const seen: OccEvent[] = [];
    const broken = otel.tracerProvider.getTracer("broken");
    broken.startSpan = () => {
      throw new Error("span processor failed");
    };
    const onEvent = otelEvents({
      meterProvider: otel.meterProvider,
      tracerProvider: { getTracer: () => broken },
      onEvent: (e) => seen.push(e),
    });
    const fetched: OccEvent = { type: "token_fetched", key, expiresAt: Date.now() + 1000, attempts: 1, durationMs: 3, background: false };
    // core catches what a handler throws; the user's handler must have run first
    expect(() => onEvent(fetched)).toThrow("span processor failed");
    expect(seen).toEqual([fetched]);
  });
});
