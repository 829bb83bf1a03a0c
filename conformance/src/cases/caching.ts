/**
 * Caching: single flight, serving from memory, refresh-ahead inside the skew window, expiry and invalidation.
 * Time is moved with the `now` option, so nothing waits.
 */
import { ABORTED, OAUTH_ERROR } from "@occ/core";
import { assert, equal, rejectsWith } from "../assert.ts";
import type { Case, Context } from "../context.ts";

function clockedClient(ctx: Context, id: string, waitUntil?: (promise: Promise<unknown>) => void) {
  const clock = { now: Date.now() };
  const client = ctx.createClient({
    tokenUrl: ctx.fault.url("ok", id, { ttl: 3600 }),
    clientId: "caching",
    clientSecret: "caching-secret",
    now: () => clock.now,
    ...(waitUntil ? { waitUntil } : {}),
  });
  return { client, clock };
}

/** Caching cases. */
export const cachingCases: Case[] = [
  {
    name: "single flight: 200 concurrent getToken calls make 1 request",
    async run(ctx) {
      const id = ctx.id();
      const client = ctx.createClient({ tokenUrl: ctx.fault.url("ok-slow", id, { ms: 200 }), clientId: "caching", clientSecret: "caching-secret" });
      const tokens = await Promise.all(Array.from({ length: 200 }, () => client.getToken()));
      equal(await ctx.fault.count("ok-slow", id), 1, "token requests");
      equal([...new Set(tokens.map((token) => token.accessToken))], ["tok-1"], "distinct tokens");
    },
  },
  {
    name: "a fresh token is served from memory with no request",
    async run(ctx) {
      const id = ctx.id();
      const { client } = clockedClient(ctx, id);
      await client.getToken();
      const again = await client.getToken();
      equal(again.accessToken, "tok-1", "token");
      equal(await ctx.fault.count("ok", id), 1, "token requests");
      assert(
        ctx.events.some((event) => event.type === "token_cached" && event.source === "memory"),
        "no token_cached memory event",
      );
    },
  },
  {
    name: "early refresh: inside the skew window the cached token is returned and one background refresh runs",
    async run(ctx) {
      const id = ctx.id();
      const background: Promise<unknown>[] = [];
      const { client, clock } = clockedClient(ctx, id, (promise) => background.push(promise));
      const first = await client.getToken();
      clock.now = first.expiresAt - 30_000; // inside the default 60 s skew
      const during = await Promise.all(Array.from({ length: 20 }, () => client.getToken()));
      equal([...new Set(during.map((token) => token.accessToken))], ["tok-1"], "tokens served in the window");
      equal(background.length, 1, "background refreshes handed to waitUntil");
      await Promise.all(background);
      equal(await ctx.fault.count("ok", id), 2, "token requests");
      equal((await client.getToken()).accessToken, "tok-2", "token after the refresh");
      const fetched = ctx.events.filter((event) => event.type === "token_fetched");
      equal(fetched.map((event) => event.type === "token_fetched" && event.background), [false, true], "background flags");
    },
  },
  {
    name: "an expired token is never served: the caller waits for a new one",
    async run(ctx) {
      const id = ctx.id();
      const { client, clock } = clockedClient(ctx, id);
      const first = await client.getToken();
      clock.now = first.expiresAt + 1;
      equal((await client.getToken()).accessToken, "tok-2", "token after expiry");
      equal(await ctx.fault.count("ok", id), 2, "token requests");
    },
  },
  {
    name: "invalidate and forceRefresh fetch a new token",
    async run(ctx) {
      const id = ctx.id();
      const { client } = clockedClient(ctx, id);
      await client.getToken();
      await client.invalidate();
      equal((await client.getToken()).accessToken, "tok-2", "token after invalidate");
      equal((await client.getToken({ forceRefresh: true })).accessToken, "tok-3", "token after forceRefresh");
      equal((await client.getToken()).accessToken, "tok-3", "token served after forceRefresh");
    },
  },
];

/** How cancellation and background failures interact with the shared request. */
export const sharedRequestCases: Case[] = [
  {
    name: "one caller's abort leaves the shared request to the others",
    async run(ctx) {
      const id = ctx.id();
      const client = ctx.createClient({ tokenUrl: ctx.fault.url("ok-slow", id, { ms: 300 }), clientId: "caching", clientSecret: "caching-secret" });
      const controller = new AbortController();
      const aborted = client.getToken({ signal: controller.signal });
      const waiting = client.getToken();
      controller.abort();
      await rejectsWith(() => aborted, ABORTED, "aborted caller");
      equal((await waiting).accessToken, "tok-1", "other caller's token");
      equal(await ctx.fault.count("ok-slow", id), 1, "token requests");
    },
  },
  {
    name: "an already-aborted signal rejects with OCC_ABORTED before any request",
    async run(ctx) {
      const id = ctx.id();
      const client = ctx.createClient({ tokenUrl: ctx.fault.url("ok", id), clientId: "caching", clientSecret: "caching-secret" });
      await rejectsWith(() => client.getToken({ signal: AbortSignal.abort() }), ABORTED, "pre-aborted");
      equal(await ctx.fault.count("ok", id), 0, "token requests");
    },
  },
  {
    name: "a failed background refresh keeps serving the valid token, reports token_failed (background, served) and pauses",
    async run(ctx) {
      const okUrl = ctx.fault.url("ok", ctx.id());
      const failingId = ctx.id();
      const failingUrl = ctx.fault.url("oauth-error", failingId);
      let calls = 0;
      const clock = { now: Date.now() };
      const background: Promise<unknown>[] = [];
      const client = ctx.createClient({
        tokenUrl: okUrl,
        clientId: "caching",
        clientSecret: "caching-secret",
        now: () => clock.now,
        waitUntil: (promise) => background.push(promise),
        // The same real server, but every request after the first goes to a failing endpoint.
        fetch: (input, init) => fetch(calls++ === 0 ? input : failingUrl, init),
      });
      const first = await client.getToken();
      clock.now = first.expiresAt - 30_000;
      equal((await client.getToken()).accessToken, "tok-1", "token in the window");
      await Promise.all(background);
      // The cool-down after the failure: the token is still served and no other refresh is tried meanwhile.
      for (let i = 0; i < 10; i++) equal((await client.getToken()).accessToken, "tok-1", "token after the failed refresh");
      await Promise.all(background);
      equal(await ctx.fault.count("oauth-error", failingId), 1, "refresh requests");
      const failed = ctx.events.filter((event) => event.type === "token_failed");
      equal(
        failed.map((event) => event.type === "token_failed" && [event.error.code, event.attempts, event.background, event.served]),
        [[OAUTH_ERROR, 1, true, true]],
        "token_failed events [code, attempts, background, served]",
      );
      const [event] = failed;
      assert(event?.type === "token_failed" && event.retryAt !== undefined && event.retryAt > clock.now, "token_failed has no retryAt after now");
    },
  },
];
