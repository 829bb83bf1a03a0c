import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createClient as createCoreClient, type OccEvent } from "@occ/core";
import { describe, expect, inject, it } from "vitest";
import { createClient, kvStore, OccError, type ExecutionContextLike, type StoredToken } from "../src/index.ts";
import { countingNamespace, freshAudience, occEntries, tokenRequests } from "./helpers.ts";

const clients = inject("clients");
const secret = clients.basic.clientSecret;

function recordingEvents(): { events: OccEvent[]; onEvent: (event: OccEvent) => void } {
  const events: OccEvent[] = [];
  return { events, onEvent: (event) => events.push(event) };
}

/** A core client in a new isolate: nothing in memory, only what KV holds. */
function coldClient(audience: string, onEvent?: (event: OccEvent) => void) {
  return createCoreClient({
    tokenUrl: env.OAUTH_TOKEN_URL,
    clientId: env.OAUTH_CLIENT_ID,
    clientSecret: env.OAUTH_CLIENT_SECRET,
    scope: env.OAUTH_SCOPE,
    audience,
    store: kvStore(env.OAUTH_TOKENS),
    ...(onEvent === undefined ? {} : { onEvent }),
  });
}

/** Fetches a first token through createClient and returns it with the KV key it was stored under. */
async function firstToken(audience: string): Promise<{ token: StoredToken; key: string }> {
  const { events, onEvent } = recordingEvents();
  // onEvent is part of the configuration, so this client is not shared with other tests.
  const token = await createClient(env, createExecutionContext(), { audience, onEvent }).getToken();
  const fetched = events.find((event) => event.type === "token_fetched");
  if (fetched === undefined) throw new Error("no token_fetched event");
  return { token: token as StoredToken, key: fetched.key };
}

describe("createClient(env, ctx) with a KV binding", () => {
  it("stores the fetched token in KV as JSON, with a TTL of the token's lifetime", async () => {
    const before = Math.floor(Date.now() / 1000);
    const { token, key } = await firstToken(freshAudience());

    const stored = await env.OAUTH_TOKENS.get(key, "json");
    expect(stored).toMatchObject({ accessToken: token.accessToken, tokenType: "Bearer", scope: "read:data" });
    const entry = (await occEntries(env.OAUTH_TOKENS)).find((candidate) => candidate.name === key);
    // The dev server issues 300 s tokens.
    expect(entry?.expiration).toBeGreaterThanOrEqual(before + 290);
    expect(entry?.expiration).toBeLessThanOrEqual(before + 360);
  });

  it("clamps the KV TTL to 60 s for tokens that live shorter, and still serves them", async () => {
    const before = Math.floor(Date.now() / 1000);
    const { events, onEvent } = recordingEvents();
    const client = createClient(env, createExecutionContext(), {
      tokenUrl: inject("shortTokenUrl"),
      audience: freshAudience(),
      onEvent,
    });
    const token = await client.getToken();
    expect(token.expiresAt - Date.now()).toBeLessThanOrEqual(20_000);

    const key = events.find((event) => event.type === "token_fetched")?.key;
    const entry = (await occEntries(env.OAUTH_TOKENS)).find((candidate) => candidate.name === key);
    expect(entry?.expiration).toBeGreaterThanOrEqual(before + 60);
    expect(entry?.expiration).toBeLessThan(before + 120);
  });

  it("lets a cold isolate reuse the token from KV without a token request", async () => {
    const audience = freshAudience();
    const { token } = await firstToken(audience);

    const requestsBefore = await tokenRequests();
    const { events, onEvent } = recordingEvents();
    const cold = await coldClient(audience, onEvent).getToken();

    expect(cold.accessToken).toBe(token.accessToken);
    expect(await tokenRequests()).toBe(requestsBefore);
    expect(events).toContainEqual(expect.objectContaining({ type: "token_cached", source: "store" }));
  });

  it("never serves an expired KV entry, even one KV itself still keeps", async () => {
    const audience = freshAudience();
    const { token, key } = await firstToken(audience);
    const expired: StoredToken = { ...token, issuedAt: Date.now() - 600_000, expiresAt: Date.now() - 1_000 };
    await env.OAUTH_TOKENS.put(key, JSON.stringify(expired), { expirationTtl: 3600 });

    const requestsBefore = await tokenRequests();
    const fresh = await coldClient(audience).getToken();

    expect(fresh.accessToken).not.toBe(token.accessToken);
    expect(fresh.expiresAt).toBeGreaterThan(Date.now());
    expect(await tokenRequests()).toBe(requestsBefore + 1);
    expect(await env.OAUTH_TOKENS.get(key, "json")).toMatchObject({ accessToken: fresh.accessToken });
  });

  it.each([
    ["not json", "not json"],
    ["{}", "{}"],
    ["[]", "[]"],
    ["a token with wrong types", '{"accessToken":1,"tokenType":"Bearer","expiresAt":"soon","issuedAt":null}'],
  ])("survives a corrupt KV value (%s) by fetching and rewriting the token", async (_what, raw) => {
    const audience = freshAudience();
    const { key } = await firstToken(audience);
    await env.OAUTH_TOKENS.put(key, raw, { expirationTtl: 3600 });

    const requestsBefore = await tokenRequests();
    const token = await coldClient(audience).getToken();

    expect(token.accessToken.split(".")).toHaveLength(3);
    expect(await tokenRequests()).toBe(requestsBefore + 1);
    expect(await env.OAUTH_TOKENS.get(key, "json")).toMatchObject({ accessToken: token.accessToken });
  });

  it("serves a warm isolate from memory: one KV read, one KV write, one token request for many requests", async () => {
    const { namespace, calls } = countingNamespace(env.OAUTH_TOKENS);
    const workerEnv = { ...env, OAUTH_TOKENS: namespace };
    const audience = freshAudience();
    const requestsBefore = await tokenRequests();

    const tokens = new Set<string>();
    for (let request = 0; request < 20; request++) {
      const client = createClient(workerEnv, createExecutionContext(), { audience });
      tokens.add((await client.getToken()).accessToken);
    }

    expect(tokens.size).toBe(1);
    expect(calls).toEqual({ get: 1, put: 1, delete: 0 });
    expect(await tokenRequests()).toBe(requestsBefore + 1);
  });

  it("returns the same client for the same configuration, and another one when it differs", () => {
    const audience = freshAudience();
    const first = createClient(env, createExecutionContext(), { audience });
    expect(createClient({ ...env }, createExecutionContext(), { audience })).toBe(first);
    expect(createClient(env, createExecutionContext(), { audience, scope: "read:data write:data" })).not.toBe(first);
    expect(createClient({ ...env, OAUTH_CLIENT_SECRET: "another" }, createExecutionContext(), { audience })).not.toBe(first);
  });

  it("keeps background refreshes alive with the current request's ctx, not the first one's", async () => {
    let offset = 0;
    const now = () => Date.now() + offset;
    const audience = freshAudience();
    const firstCtx = createExecutionContext();
    const token = await createClient(env, firstCtx, { audience, now }).getToken();
    await waitOnExecutionContext(firstCtx);

    // Inside the refresh window: 30 s before expiry, past the 60 s skew.
    offset = token.expiresAt - Date.now() - 30_000;
    const secondCtx = createExecutionContext();
    const waited: Promise<unknown>[] = [];
    const spyCtx: ExecutionContextLike = {
      waitUntil: (promise) => {
        waited.push(promise);
        secondCtx.waitUntil(promise);
      },
    };
    const requestsBefore = await tokenRequests();
    const served = await createClient(env, spyCtx, { audience, now }).getToken();

    expect(served.accessToken).toBe(token.accessToken);
    expect(waited).toHaveLength(1);
    await waitOnExecutionContext(secondCtx);
    expect(await tokenRequests()).toBe(requestsBefore + 1);
    const refreshed = await createClient(env, createExecutionContext(), { audience, now }).getToken();
    expect(refreshed.accessToken).not.toBe(token.accessToken);
  });

  it("calls a protected API with the token from env configuration", async () => {
    const client = createClient(
      { ...env, OAUTH_CLIENT_ID: clients.simple.clientId, OAUTH_CLIENT_SECRET: clients.simple.clientSecret },
      createExecutionContext(),
    );
    const response = await client.fetch(`${inject("apiUrl")}/data`);
    expect(response.status).toBe(200);
  });

  it("discovers the token endpoint from OAUTH_ISSUER", async () => {
    const { OAUTH_TOKEN_URL: _unused, ...rest } = env;
    const client = createClient({ ...rest, OAUTH_ISSUER: inject("issuer") }, createExecutionContext(), {
      audience: freshAudience(),
    });
    expect((await client.getToken()).accessToken).toMatch(/^ey/);
  });

  it("lets explicit options win over env", async () => {
    const client = createClient(
      { ...env, OAUTH_CLIENT_ID: "wrong-id", OAUTH_CLIENT_SECRET: "wrong-secret", OAUTH_AUTH_METHOD: "nonsense" },
      createExecutionContext(),
      { clientId: clients.post.clientId, clientSecret: clients.post.clientSecret, authMethod: "client_secret_post", audience: freshAudience() },
    );
    expect((await client.getToken()).accessToken).toMatch(/^ey/);
  });

  it("keeps the client secret out of KV keys and values, the client and its events", async () => {
    const { events, onEvent } = recordingEvents();
    const client = createClient(env, createExecutionContext(), { audience: freshAudience(), onEvent });
    await client.getToken();
    await client.invalidate();
    await client.getToken();
    expect(events.map((event) => event.type)).toContain("token_fetched");
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
});

describe("createClient(env, ctx) without a KV binding", () => {
  it("caches in memory only and never touches KV", async () => {
    const { OAUTH_TOKENS: _unused, ...withoutKv } = env;
    const audience = freshAudience();
    const entriesBefore = (await occEntries(env.OAUTH_TOKENS)).length;
    const requestsBefore = await tokenRequests();

    const first = await createClient(withoutKv, createExecutionContext(), { audience }).getToken();
    const second = await createClient(withoutKv, createExecutionContext(), { audience }).getToken();

    expect(second.accessToken).toBe(first.accessToken);
    expect(await tokenRequests()).toBe(requestsBefore + 1);
    expect((await occEntries(env.OAUTH_TOKENS)).length).toBe(entriesBefore);
  });

  it("uses a binding with another name when told to", async () => {
    const { namespace, calls } = countingNamespace(env.OAUTH_TOKENS);
    const { OAUTH_TOKENS: _unused, ...rest } = env;
    await createClient({ ...rest, TOKENS: namespace }, createExecutionContext(), {
      binding: "TOKENS",
      audience: freshAudience(),
    }).getToken();
    expect(calls.put).toBe(1);
  });
});

describe("createClient(env, ctx) errors", () => {
  function thrown(run: () => unknown): OccError {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(OccError);
      return error as OccError;
    }
    throw new Error("expected createClient to throw");
  }

  it("names every missing variable in one INVALID_OPTIONS error", () => {
    const error = thrown(() => createClient({}, createExecutionContext()));
    expect(error.code).toBe("OCC_INVALID_OPTIONS");
    expect(error.message).toContain("OAUTH_TOKEN_URL (or OAUTH_ISSUER)");
    expect(error.message).toContain("OAUTH_CLIENT_ID");
    expect(error.message).toContain("OAUTH_CLIENT_SECRET");
  });

  it("names what is missing and never the secret that is there", () => {
    const error = thrown(() => createClient({ OAUTH_CLIENT_SECRET: secret }, createExecutionContext()));
    expect(error.message).toContain("OAUTH_CLIENT_ID");
    expect(error.message).not.toContain("OAUTH_CLIENT_SECRET");
    for (const text of [error.message, error.stack ?? "", JSON.stringify(error), String(error)]) {
      expect(text).not.toContain(secret);
    }
  });

  it("needs no secret for authMethod none", () => {
    const client = createClient(
      { OAUTH_TOKEN_URL: env.OAUTH_TOKEN_URL, OAUTH_CLIENT_ID: "public", OAUTH_AUTH_METHOD: "none" },
      createExecutionContext(),
    );
    expect(typeof client.getToken).toBe("function");
  });

  it("reports invalid values together with missing ones, without echoing values", () => {
    const error = thrown(() =>
      createClient(
        { OAUTH_TOKEN_URL: "https://a.example/token", OAUTH_ISSUER: "https://a.example", OAUTH_AUTH_METHOD: secret, OAUTH_SCOPE: 42, OAUTH_TOKENS: "kv" },
        createExecutionContext(),
      ),
    );
    expect(error.message).toContain("only one of OAUTH_TOKEN_URL and OAUTH_ISSUER");
    expect(error.message).toContain("OAUTH_AUTH_METHOD must be one of");
    expect(error.message).toContain("OAUTH_SCOPE must be a string");
    expect(error.message).toContain("OAUTH_TOKENS is not a KV namespace");
    expect(error.message).toContain("OAUTH_CLIENT_ID");
    expect(error.message).not.toContain(secret);
  });

  it("refuses a binding name that is not bound", () => {
    const error = thrown(() => createClient(env, createExecutionContext(), { binding: "MISSING_KV" }));
    expect(error.message).toContain("MISSING_KV");
  });

  it("keeps the secret out of errors that core raises for bad values", () => {
    const error = thrown(() => createClient({ ...env, OAUTH_TOKEN_URL: "not a url" }, createExecutionContext()));
    expect(error.code).toBe("OCC_INVALID_OPTIONS");
    expect(JSON.stringify(error) + error.message).not.toContain(secret);
  });

  it("requires the request's ExecutionContext", () => {
    const error = thrown(() => createClient(env, undefined as unknown as ExecutionContextLike));
    expect(error.message).toContain("ExecutionContext");
  });
});
