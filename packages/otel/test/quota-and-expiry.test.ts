/**
 * The gauges: the token endpoint's quota (fault scenario `ok-quota`, which sends real servers' quota headers) and
 * the time left on each key's latest token, from real clients.
 */
import { type FaultServer, startFaultServer } from "@occ/dev-server";
import { createClient } from "@occ/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { otelEvents } from "../src/index.ts";
import { instrumented } from "./instrumented.ts";
import { telemetry } from "./telemetry.ts";

let faults: FaultServer;
beforeAll(async () => {
  faults = await startFaultServer();
});
afterAll(async () => {
  await faults?.close();
});

const credentials = { clientId: "c", clientSecret: "s" };

describe("quota headers on token_fetched", () => {
  it("reports the latest limit and remaining per key and header", async () => {
    let remaining = 999;
    // The same endpoint, whose quota drains between two requests: the fault server answers what the URL says.
    const tokenUrl = `${faults.url}/ok-quota/otel?style=auth0-client&limit=1000&remaining=999`;
    const draining: typeof fetch = (input, init) => fetch(String(input).replace("remaining=999", `remaining=${remaining}`), init);
    const { otel, client, of } = instrumented({ tokenUrl, ...credentials, fetch: draining });
    await client.getToken();
    const attributes = { "occ.key": of("token_fetched")[0]!.key, "occ.quota.header": "auth0-client-quota-limit" };
    expect(await otel.value("occ.quota.limit", attributes)).toBe(1000);
    expect(await otel.value("occ.quota.remaining", attributes)).toBe(999);
    remaining = 998;
    await client.getToken({ forceRefresh: true });
    expect(await otel.value("occ.quota.remaining", attributes)).toBe(998);
  });

  it("reports only what the server sent", async () => {
    // RateLimit-Remaining without RateLimit-Limit: the fault server always sends both, so the limit is dropped.
    const withoutLimit: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const headers = new Headers(response.headers);
      headers.delete("ratelimit-limit");
      return new Response(response.body, { status: response.status, headers });
    };
    const tokenUrl = `${faults.url}/ok-quota/otel-remaining?style=ratelimit&remaining=7`;
    const { otel, client } = instrumented({ tokenUrl, ...credentials, fetch: withoutLimit });
    await client.getToken();
    expect(await otel.points("occ.quota.limit")).toEqual([]);
    expect(await otel.value("occ.quota.remaining", { "occ.quota.header": "ratelimit-remaining" })).toBe(7);
  });
});

describe("time to expiry", () => {
  it("is 0, not negative, once the latest token has expired", async () => {
    // The gauge reads the wall clock when collected; this client's clock is 10 minutes behind it, so the 5-minute
    // token it was served has expired by the wall clock.
    const { otel, client, of } = instrumented({ tokenUrl: `${faults.url}/ok/otel-expired?ttl=300`, ...credentials, now: () => Date.now() - 600_000 });
    await client.getToken();
    await client.getToken();
    expect(of("token_cached")).toHaveLength(1);
    expect(await otel.value("occ.token.time_to_expiry", { "occ.key": of("token_fetched")[0]!.key })).toBe(0);
  });

  it("follows the latest token of each key, with one handler for two clients", async () => {
    const otel = telemetry();
    const expiries = new Map<string, number>();
    const onEvent = otelEvents({
      meterProvider: otel.meterProvider,
      tracerProvider: otel.tracerProvider,
      onEvent: (event) => event.type === "token_fetched" && expiries.set(event.key, event.expiresAt),
    });
    const client = (ttl: number) => createClient({ tokenUrl: `${faults.url}/ok/otel-ttl?ttl=${ttl}`, ...credentials, onEvent });
    await Promise.all([client(600).getToken(), client(7200).getToken()]);
    expect(expiries.size).toBe(2);
    const lefts: number[] = [];
    for (const [key, expiresAt] of expiries) {
      const left = await otel.value("occ.token.time_to_expiry", { "occ.key": key });
      expect(left).toBeCloseTo((expiresAt - Date.now()) / 1000, -1); // within 5 s
      lefts.push(left);
    }
    expect(lefts.sort((a, b) => a - b).map((left) => Math.round(left / 600))).toEqual([1, 12]);
  });
});
