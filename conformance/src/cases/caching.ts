/**
 * Caching: single flight, serving from memory, refresh-ahead inside the skew window, expiry and invalidation.
 * Time is moved with the `now` option, so nothing waits.
 */
import { assert, equal } from "../assert.ts";
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
