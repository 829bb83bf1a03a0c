/** Nothing `otelEvents` records may carry the client secret, the access token or the client id, unless opted in. */
import { type AuthServer, type FaultServer, startAuthServer, startFaultServer } from "@occ/dev-server";
import { createClient, OAuthError } from "@occ/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { otelEvents } from "../src/index.ts";
import { telemetry, type Telemetry } from "./telemetry.ts";

let auth: AuthServer;
let faults: FaultServer;
beforeAll(async () => {
  [auth, faults] = await Promise.all([startAuthServer(), startFaultServer()]);
});
afterAll(async () => {
  await Promise.all([auth?.close(), faults?.close()]);
});

/** Everything recorded, as an exporter would serialize it. */
async function everything(otel: Telemetry): Promise<string> {
  const metrics = [...(await otel.collect()).values()];
  const spans = otel.spans().map((span) => ({ name: span.name, attributes: span.attributes, status: span.status, links: span.links }));
  return JSON.stringify({ metrics, spans });
}

it("records no secret, token or client id from a real client, a retry, a failure and cache hits", async () => {
  const otel = telemetry();
  const demo = auth.clients.basic;
  const onEvent = otelEvents({ meterProvider: otel.meterProvider, tracerProvider: otel.tracerProvider });
  const client = createClient({ tokenUrl: auth.tokenUrl, clientId: demo.clientId, clientSecret: demo.clientSecret, onEvent });
  const { accessToken } = await client.getToken();
  await client.getToken();
  const flaky = createClient({ tokenUrl: `${faults.url}/fail-then-ok/hygiene`, clientId: demo.clientId, clientSecret: demo.clientSecret, onEvent });
  await flaky.getToken();
  // A rotation whose first secret is wrong (credentials_switched), then a client whose only secret is (token_failed).
  const rotated = createClient({ tokenUrl: auth.tokenUrl, clientId: demo.clientId, clientSecret: ["wrong-secret-5678", demo.clientSecret], onEvent });
  await rotated.getToken();
  const wrong = createClient({ tokenUrl: auth.tokenUrl, clientId: demo.clientId, clientSecret: "wrong-secret-1234", onEvent });
  await expect(wrong.getToken()).rejects.toBeInstanceOf(OAuthError);

  const recorded = await everything(otel);
  expect(recorded).toContain("occ.credentials.switches");
  expect(recorded).toContain("invalid_client");
  for (const secret of [demo.clientSecret, "wrong-secret-1234", "wrong-secret-5678", accessToken, demo.clientId, encodeURIComponent(demo.clientId)]) {
    expect(recorded).not.toContain(secret);
  }
});

it("records the client id only when you add it yourself", async () => {
  const otel = telemetry();
  const demo = auth.clients.simple;
  const client = createClient({
    tokenUrl: auth.tokenUrl,
    clientId: demo.clientId,
    clientSecret: demo.clientSecret,
    onEvent: otelEvents({ meterProvider: otel.meterProvider, tracerProvider: otel.tracerProvider, attributes: { "occ.client.id": demo.clientId } }),
  });
  await client.getToken();
  expect(await otel.value("occ.token.requests", { "occ.client.id": demo.clientId })).toBe(1);
  expect(otel.spans()[0]!.attributes["occ.client.id"]).toBe(demo.clientId);
  expect(await everything(otel)).not.toContain(demo.clientSecret);
});
