// createClient with store: durableObjectStore(…) in several isolates (this test Worker and two fleet Workers) that
// reach the refresh window together: the coordinator's lease lets one of them refresh, so the fleet makes 1 request.
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createClient, durableObjectStore, type OccEvent } from "../src/index.ts";
import type { FleetToken } from "./fixtures/fleet-worker.ts";
import { freshAudience, tokenRequests } from "./helpers.ts";

/** createClient in a request of this isolate, on the coordinator the fleet shares; waits for its background work. */
async function here(audience: string, clockOffsetMs: number): Promise<FleetToken> {
  const background: Promise<unknown>[] = [];
  const events: OccEvent[] = [];
  const ctx = createExecutionContext();
  const client = createClient(env, { waitUntil: (promise) => (background.push(promise), ctx.waitUntil(promise)) }, {
    audience,
    store: durableObjectStore(env.SHARED_COORDINATOR),
    now: () => Date.now() + clockOffsetMs,
    onEvent: (event) => events.push(event),
  });
  const { accessToken } = await client.getToken();
  await Promise.allSettled(background);
  return { accessToken, events: events.map((event) => event.type) };
}

/** The same in the fleet Worker behind `binding`, in its own isolate. */
async function inFleet(binding: Fetcher, audience: string, clockOffsetMs: number): Promise<FleetToken & { isolate: string }> {
  const response = await binding.fetch("https://fleet/", { method: "POST", body: JSON.stringify({ method: "getToken", audience, clockOffsetMs }) });
  expect(response.status).toBe(200);
  const { result, isolate } = (await response.json()) as { result: FleetToken; isolate: string };
  return { ...result, isolate };
}

describe("createClient with durableObjectStore across isolates", () => {
  it("serves the first isolate's token to the others from the coordinator, with 0 more token requests", async () => {
    const audience = freshAudience();
    const before = await tokenRequests();
    const first = await here(audience, 0);
    const [a, b] = await Promise.all([inFleet(env.FLEET_A, audience, 0), inFleet(env.FLEET_B, audience, 0)]);

    expect(await tokenRequests()).toBe(before + 1);
    expect(a.isolate).not.toBe(b.isolate);
    for (const other of [a, b]) {
      expect(other.accessToken).toBe(first.accessToken);
      expect(other.events).toEqual(["token_cached"]);
    }
  });

  it("makes 1 token request when 9 requests in 3 isolates reach the refresh window together", async () => {
    const audience = freshAudience();
    const first = await here(audience, 0);
    // 30 s before expiry: past the 60 s refresh skew, so every isolate serves the token and wants to refresh it.
    const expiresAt = JSON.parse(atob(first.accessToken.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))).exp * 1000;
    const offset = expiresAt - Date.now() - 30_000;
    const before = await tokenRequests();

    const results = await Promise.all(
      [0, 1, 2].flatMap(() => [here(audience, offset), inFleet(env.FLEET_A, audience, offset), inFleet(env.FLEET_B, audience, offset)]),
    );

    expect(await tokenRequests()).toBe(before + 1);

    // An isolate that found the lease taken looks at the coordinator again a second later (core waits up to 1 s);
    // it then takes the new token in the background of a request that still serves the one it holds, and serves
    // the new one from the next request on. Each request before got the old token or, late enough, the new one.
    const later = offset + 2_000;
    const round = () => Promise.all([here(audience, later), inFleet(env.FLEET_A, audience, later), inFleet(env.FLEET_B, audience, later)]);
    await round();
    const after = await round();
    const refreshed = after[0]!.accessToken;
    expect(refreshed).not.toBe(first.accessToken);
    for (const result of after) expect(result.accessToken).toBe(refreshed);
    for (const result of results) expect([first.accessToken, refreshed]).toContain(result.accessToken);
    expect(await tokenRequests()).toBe(before + 1);
  });
});
