// createClient with the OAUTH_TOKENS KV namespace, on Miniflare's real KV: TTLs, cold isolates, expired and corrupt entries.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { createClient as createCoreClient } from "@occ/core";
import { createClient, kvStore, type OccEvent, type StoredToken } from "../src/index.ts";
import { background, freshAudience, occEntries, tokenRequests } from "./helpers.ts";

const secret = inject("clients").basic.clientSecret;

function recordingEvents(): { events: OccEvent[]; onEvent: (event: OccEvent) => void } {
  const events: OccEvent[] = [];
  return { events, onEvent: (event) => events.push(event) };
}

/** A core client in a new isolate: nothing in memory, only what KV holds. `settled` waits for its KV writes. */
function coldClient(audience: string, onEvent?: (event: OccEvent) => void) {
  const work = background();
  const client = createCoreClient({
    tokenUrl: env.OAUTH_TOKEN_URL,
    clientId: env.OAUTH_CLIENT_ID,
    clientSecret: env.OAUTH_CLIENT_SECRET,
    scope: env.OAUTH_SCOPE,
    audience,
    store: kvStore(env.OAUTH_TOKENS),
    waitUntil: work.waitUntil,
    ...(onEvent === undefined ? {} : { onEvent }),
  });
  return { getToken: () => client.getToken(), settled: work.settled };
}

/** Fetches a first token through createClient and returns it with the KV key it was stored under. */
async function firstToken(audience: string): Promise<{ token: StoredToken; key: string }> {
  const { events, onEvent } = recordingEvents();
  const ctx = createExecutionContext();
  const token = await createClient(env, ctx, { audience, onEvent }).getToken();
  // The KV write runs in the background, kept alive by ctx.waitUntil.
  await waitOnExecutionContext(ctx);
  const fetched = events.find((event) => event.type === "token_fetched");
  if (fetched === undefined) throw new Error("no token_fetched event");
  return { token: token as StoredToken, key: `occ:${fetched.key}` };
}

describe("createClient(env, ctx) with the OAUTH_TOKENS KV namespace", () => {
  it("stores the fetched token in KV as JSON under occ:<key>, with a TTL of the token's lifetime", async () => {
    const before = Math.floor(Date.now() / 1000);
    const { token, key } = await firstToken(freshAudience());

    expect(await env.OAUTH_TOKENS.get(key, "json")).toMatchObject({ accessToken: token.accessToken, tokenType: "Bearer", scope: "read:data" });
    const entry = (await occEntries(env.OAUTH_TOKENS)).find((candidate) => candidate.name === key);
    // The dev server issues 300 s tokens.
    expect(entry?.expiration).toBeGreaterThanOrEqual(before + 290);
    expect(entry?.expiration).toBeLessThanOrEqual(before + 360);
  });

  it("raises the KV TTL to 60 s for tokens that live shorter, and still serves them", async () => {
    const before = Math.floor(Date.now() / 1000);
    const { events, onEvent } = recordingEvents();
    const ctx = createExecutionContext();
    const client = createClient(env, ctx, { tokenUrl: inject("shortTokenUrl"), audience: freshAudience(), onEvent });
    const token = await client.getToken();
    await waitOnExecutionContext(ctx);
    expect(token.expiresAt - Date.now()).toBeLessThanOrEqual(20_000);

    const key = events.find((event) => event.type === "token_fetched")?.key;
    const entry = (await occEntries(env.OAUTH_TOKENS)).find((candidate) => candidate.name === `occ:${key}`);
    expect(entry?.expiration).toBeGreaterThanOrEqual(before + 60);
    expect(entry?.expiration).toBeLessThan(before + 120);
  });

  it("lets a cold isolate reuse the token from KV with 0 token requests", async () => {
    const audience = freshAudience();
    const { token } = await firstToken(audience);

    const before = await tokenRequests();
    const { events, onEvent } = recordingEvents();
    const cold = await coldClient(audience, onEvent).getToken();

    expect(cold.accessToken).toBe(token.accessToken);
    expect(await tokenRequests()).toBe(before);
    expect(events.map((event) => event.type)).toEqual(["token_cached"]);
    expect(events[0]).toMatchObject({ source: "store" });
  });

  it("never serves an expired KV entry, even one KV itself still keeps", async () => {
    const audience = freshAudience();
    const { token, key } = await firstToken(audience);
    const expired: StoredToken = { ...token, issuedAt: Date.now() - 600_000, expiresAt: Date.now() - 1_000 };
    await env.OAUTH_TOKENS.put(key, JSON.stringify(expired), { expirationTtl: 3600 });

    const before = await tokenRequests();
    const cold = coldClient(audience);
    const fresh = await cold.getToken();
    await cold.settled();

    expect(fresh.accessToken).not.toBe(token.accessToken);
    expect(fresh.expiresAt).toBeGreaterThan(Date.now());
    expect(await tokenRequests()).toBe(before + 1);
    expect(await env.OAUTH_TOKENS.get(key, "json")).toMatchObject({ accessToken: fresh.accessToken });
  });

  it.each([
    ["not json", "not json"],
    ["{}", "{}"],
    ["[]", "[]"],
    ["a token with wrong types", '{"accessToken":1,"tokenType":"Bearer","expiresAt":"soon","issuedAt":null}'],
  ])("survives a corrupt KV value (%s): reports it, fetches and rewrites the token", async (_what, raw) => {
    const audience = freshAudience();
    const { key } = await firstToken(audience);
    await env.OAUTH_TOKENS.put(key, raw, { expirationTtl: 3600 });

    const before = await tokenRequests();
    const { events, onEvent } = recordingEvents();
    const cold = coldClient(audience, onEvent);
    const token = await cold.getToken();
    await cold.settled();

    expect(token.accessToken.split(".")).toHaveLength(3);
    expect(await tokenRequests()).toBe(before + 1);
    expect(events.filter((event) => event.type === "store_error")).toEqual([expect.objectContaining({ operation: "get" })]);
    expect(await env.OAUTH_TOKENS.get(key, "json")).toMatchObject({ accessToken: token.accessToken });
  });

  it("keeps the client secret out of KV keys and values, the client and its events", async () => {
    const { events, onEvent } = recordingEvents();
    const ctx = createExecutionContext();
    const client = createClient(env, ctx, { audience: freshAudience(), onEvent });
    await client.getToken();
    await waitOnExecutionContext(ctx);
    await client.invalidate();
    const again = createExecutionContext();
    await createClient(env, again, { audience: freshAudience(), onEvent }).getToken();
    await waitOnExecutionContext(again);
    expect(events.filter((event) => event.type === "token_fetched")).toHaveLength(2);
    for (const text of [JSON.stringify(client), String(client), JSON.stringify(events), Object.keys(client).join()]) {
      expect(text).not.toContain(secret);
    }
    const entries = await occEntries(env.OAUTH_TOKENS);
    expect(entries.length).toBeGreaterThan(0);
    for (const { name } of entries) {
      expect(name).not.toContain(secret);
      expect(await env.OAUTH_TOKENS.get(name)).not.toContain(secret);
    }
  });

  it("uses an explicit store instead of OAUTH_TOKENS, and none without the binding", async () => {
    const entries = (await occEntries(env.OAUTH_TOKENS)).length;
    const { OAUTH_TOKENS: _kv, ...withoutKv } = env;
    const viaOther = kvStore(env.STORE_KV, { prefix: "explicit" });
    const [first, second] = [createExecutionContext(), createExecutionContext()];
    await createClient(env, first, { audience: freshAudience(), store: viaOther }).getToken();
    await createClient(withoutKv, second, { audience: freshAudience() }).getToken();
    await Promise.all([waitOnExecutionContext(first), waitOnExecutionContext(second)]);

    expect((await occEntries(env.OAUTH_TOKENS)).length).toBe(entries);
    expect((await env.STORE_KV.list({ prefix: "explicit:" })).keys).toHaveLength(1);
  });
});
