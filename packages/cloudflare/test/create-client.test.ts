// createClient(env, ctx) called in every request, as Workers call it: one client per configuration in an isolate.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { createClient, type OccEvent, privateKeyJwt } from "../src/index.ts";
import { countingNamespace, freshAudience, tokenRequests } from "./helpers.ts";

const REQUESTS = 20;
const { OAUTH_TOKENS: _kv, ...envWithoutKv } = env;

describe("createClient(env, ctx) in every request", () => {
  it(`makes 1 token request for ${REQUESTS} requests with onEvent, fetch and now written inline (no KV)`, async () => {
    const audience = freshAudience();
    const before = await tokenRequests();
    const served: OccEvent["type"][][] = [];
    const tokens = new Set<string>();
    for (let request = 0; request < REQUESTS; request++) {
      const events: OccEvent["type"][] = [];
      served.push(events);
      // New functions on every request, as a handler written the obvious way creates them.
      const client = createClient(envWithoutKv, createExecutionContext(), {
        audience,
        onEvent: (event) => events.push(event.type),
        fetch: (input, init) => fetch(input, init),
        now: () => Date.now(),
      });
      tokens.add((await client.getToken()).accessToken);
    }
    expect(await tokenRequests()).toBe(before + 1);
    expect(tokens.size).toBe(1);
    // Each request's own onEvent heard its own request: the latest one is the one in use.
    expect(served[0]).toEqual(["token_fetched"]);
    for (const events of served.slice(1)) expect(events).toEqual(["token_cached"]);
  });

  /** `REQUESTS` requests through the OAUTH_TOKENS namespace, counting KV calls and the events of each. */
  async function requestsWithKv() {
    const { namespace, calls } = countingNamespace(env.OAUTH_TOKENS);
    const audience = freshAudience();
    const before = await tokenRequests();
    const events: OccEvent["type"][] = [];
    for (let request = 0; request < REQUESTS; request++) {
      const ctx = createExecutionContext();
      await createClient({ ...env, OAUTH_TOKENS: namespace }, ctx, { audience, onEvent: (event) => events.push(event.type) }).getToken();
      await waitOnExecutionContext(ctx);
    }
    return { calls, events, tokenRequests: (await tokenRequests()) - before };
  }

  it(`makes 1 token request and 1 KV write for ${REQUESTS} requests with KV`, async () => {
    const { calls, tokenRequests } = await requestsWithKv();
    expect(tokenRequests).toBe(1);
    expect(calls.put).toBe(1);
    expect(calls.delete).toBe(0);
  });

  // Through @occ/core/client-cache a KV store (which has no lease) must stay lease-less: no lease calls, no `lease`
  // events, and spread refresh points across isolates. The cold start reads two KV keys: the token, then — none
  // being there — a pause another isolate may have stored.
  it(`reads KV twice on a cold start and reports no lease for ${REQUESTS} requests (KV has no lease)`, async () => {
    const { calls, events } = await requestsWithKv();
    expect(calls.get).toBe(2);
    expect(events.filter((type) => type === "lease")).toEqual([]);
  });

  it(`makes 1 token request for ${REQUESTS} requests with clientAssertion: privateKeyJwt(…) written inline`, async () => {
    const key = inject("keyClient");
    const audience = freshAudience();
    const before = await tokenRequests();
    for (let request = 0; request < REQUESTS; request++) {
      const client = createClient(envWithoutKv, createExecutionContext(), {
        clientId: key.clientId,
        audience,
        clientAssertion: privateKeyJwt(key.pem, { kid: key.kid }),
      });
      expect((await client.getToken()).tokenType).toBe("Bearer");
    }
    expect(await tokenRequests()).toBe(before + 1);
  });

  it("returns the same client for the same configuration, and another one when it differs", () => {
    const audience = freshAudience();
    const first = createClient(env, createExecutionContext(), { audience });
    expect(createClient({ ...env }, createExecutionContext(), { audience, onEvent: () => {} })).toBe(first);
    expect(createClient(env, createExecutionContext(), { audience, scope: "read:data write:data" })).not.toBe(first);
    expect(createClient({ ...env, OAUTH_CLIENT_SECRET: "another" }, createExecutionContext(), { audience })).not.toBe(first);
  });
});

/** Records what `ctx.waitUntil` is given from now on; still the runtime's method, which needs its `this`. */
function recordWaitUntil(ctx: ExecutionContext): Promise<unknown>[] {
  const given: Promise<unknown>[] = [];
  const original = ctx.waitUntil;
  ctx.waitUntil = function (this: ExecutionContext, promise: Promise<unknown>) {
    given.push(promise);
    return original.call(this, promise);
  };
  return given;
}

describe("ctx.waitUntil", () => {
  it("is the runtime's, which throws Illegal invocation when called unbound", () => {
    const { waitUntil } = createExecutionContext();
    expect(() => waitUntil(Promise.resolve())).toThrow(/Illegal invocation/);
  });

  it("keeps a background refresh alive with the latest request's ctx, called bound", async () => {
    let offset = 0;
    const now = () => Date.now() + offset;
    const audience = freshAudience();
    const events: OccEvent[] = [];
    const onEvent = (event: OccEvent) => events.push(event);
    const firstCtx = createExecutionContext();
    const token = await createClient(env, firstCtx, { audience, now, onEvent }).getToken();
    await waitOnExecutionContext(firstCtx);
    const lateToFirst = recordWaitUntil(firstCtx);

    // Inside the refresh window: 30 s before expiry, past the 60 s skew.
    offset = token.expiresAt - Date.now() - 30_000;
    const secondCtx = createExecutionContext();
    const waited = recordWaitUntil(secondCtx);
    const before = await tokenRequests();
    const served = await createClient(env, secondCtx, { audience, now, onEvent }).getToken();

    expect(served.accessToken).toBe(token.accessToken);
    expect(waited.length).toBeGreaterThanOrEqual(1);
    expect(lateToFirst).toEqual([]);
    await waitOnExecutionContext(secondCtx);
    expect(await tokenRequests()).toBe(before + 1);
    expect(events.filter((event) => event.type === "wait_until_failed")).toEqual([]);
    const refreshed = await createClient(env, createExecutionContext(), { audience, now, onEvent }).getToken();
    expect(refreshed.accessToken).not.toBe(token.accessToken);
  });
});
