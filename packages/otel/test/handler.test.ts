/** What `otelEvents` does around recording: discovery left out, your own handler called, and failures contained. */
import { type AuthServer, startAuthServer } from "@occ/dev-server";
import { createClient, discover, memoryStore, type OccEvent } from "@occ/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { otelEvents, TOKEN_REQUEST_SPAN } from "../src/index.ts";
import { instrumented } from "./instrumented.ts";
import { telemetry } from "./telemetry.ts";

let auth: AuthServer;
beforeAll(async () => {
  auth = await startAuthServer();
});
afterAll(async () => {
  await auth?.close();
});

const demo = () => ({ clientId: auth.clients.simple.clientId, clientSecret: auth.clients.simple.clientSecret });

describe("discovery", () => {
  it("records nothing for it, and still hands it to your handler", async () => {
    const { otel, client, events } = instrumented({ tokenUrl: discover(auth.issuer), ...demo() });
    await client.getToken();
    expect(events.map((e) => e.type)).toEqual(["discovered", "token_fetched"]);
    expect(otel.spans().map((span) => span.name)).toEqual([TOKEN_REQUEST_SPAN]);
    // Only the token request is counted, and nothing names the issuer or the endpoint.
    const [request, ...others] = await otel.points("occ.token.requests");
    expect([request!.attributes["occ.token.outcome"], others]).toEqual(["success", []]);
    expect(JSON.stringify([...(await otel.collect()).values()])).not.toContain(auth.issuer);
  });
});

describe("your own handler", () => {
  it("is called with every event, in order, after it is recorded", async () => {
    const otel = telemetry();
    const seen: Array<[OccEvent["type"], number]> = [];
    const onEvent = otelEvents({
      meterProvider: otel.meterProvider,
      tracerProvider: otel.tracerProvider,
      // What the SDK has when the handler runs: the span of a token request is already there.
      onEvent: (event) => seen.push([event.type, otel.spans().length]),
    });
    const client = createClient({ tokenUrl: auth.tokenUrl, ...demo(), store: memoryStore(), onEvent });
    await client.getToken();
    await client.getToken();
    expect(seen).toEqual([["lease", 0], ["token_fetched", 1], ["token_cached", 1]]);
    expect(await otel.value("occ.token.cache.hits", { "occ.token.source": "memory" })).toBe(1);
  });

  it("is still called when recording throws, and the client carries on", async () => {
    const otel = telemetry();
    const broken = otel.tracerProvider.getTracer("broken");
    broken.startSpan = () => {
      throw new Error("span processor failed");
    };
    const seen: OccEvent[] = [];
    const onEvent = otelEvents({ meterProvider: otel.meterProvider, tracerProvider: { getTracer: () => broken }, onEvent: (e) => seen.push(e) });
    const client = createClient({ tokenUrl: auth.tokenUrl, ...demo(), onEvent });
    // core catches what a handler throws; the user's handler must have run first
    await expect(client.getToken()).resolves.toMatchObject({ tokenType: "Bearer" });
    expect(seen.map((e) => e.type)).toEqual(["token_fetched"]);
  });
});
