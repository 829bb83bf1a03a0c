/**
 * Pauses on real HTTP: a `Retry-After` of an hour is honoured (no request to that endpoint, callers without a token
 * get OCC_THROTTLED at once, callers with one keep it, and the pause reaches a client sharing the store), and a hot
 * loop against `invalid_client` makes one request per cool-down. Time moves through the `now` option.
 */
import { OAUTH_ERROR, THROTTLED, type OccError } from "@occ/core";
import { assert, equal, rejectsWith } from "../assert.ts";
import { manualClock } from "../clock.ts";
import type { Case, Context } from "../context.ts";
import { jsonStore } from "../stores.ts";

const credentials = { clientId: "pauses", clientSecret: "pauses-secret" };
const HOUR_MS = 3_600_000;

/** Runs `calls` and returns what each was rejected with (a success fails the case). */
async function rejections(calls: (() => Promise<unknown>)[], what: string): Promise<OccError[]> {
  return Promise.all(calls.map((call) => rejectsWith(call, THROTTLED, what)));
}

const refusedEvents = (ctx: Context) => ctx.events.filter((event) => event.type === "token_failed" && event.attempts === 0).length;

function throttledFor(scenario: string, status: number): Case {
  return {
    name: `${status} with Retry-After: 3600 → one request; for the hour every caller gets OCC_THROTTLED with retryAt at once`,
    async run(ctx) {
      const id = ctx.id();
      const apiId = ctx.id();
      const clock = manualClock();
      const client = ctx.createClient({ tokenUrl: ctx.fault.url(scenario, id, { "retry-after": 3600 }), ...credentials, now: clock.now });
      const first = await rejectsWith(() => client.getToken(), OAUTH_ERROR, "the throttled request");
      equal([first.status, first.retryAt], [status, clock.now() + HOUR_MS], "status and retryAt of the server's answer");
      equal(ctx.events.filter((event) => event.type === "retry").length, 0, "retries (an hour is longer than a call waits)");
      clock.advance(HOUR_MS - 1_000);
      const refused = await rejections(
        [...Array.from({ length: 20 }, () => () => client.getToken()), () => client.getToken({ forceRefresh: true }), () => client.fetch(ctx.fault.url("api-echo", apiId))],
        "a caller during the pause",
      );
      equal([...new Set(refused.map((error) => `${error.status} ${error.retryAt}`))], [`${status} ${first.retryAt}`], "status and retryAt of every refusal");
      equal([await ctx.fault.count(scenario, id), await ctx.fault.count("api-echo", apiId)], [1, 0], "token and API requests during the pause");
      equal(refusedEvents(ctx), refused.length, "token_failed events with attempts 0");
      clock.advance(1_000);
      await rejectsWith(() => client.getToken(), OAUTH_ERROR, "the first call after the hour asks again");
      equal(await ctx.fault.count(scenario, id), 2, "token requests");
    },
  };
}

/** Throttling cases. */
export const throttlingCases: Case[] = [
  throttledFor("429-retry-after", 429),
  throttledFor("503-retry-after", 503),
  {
    name: "throttled during a refresh: a caller holding a valid token keeps it until it expires, then gets OCC_THROTTLED",
    async run(ctx) {
      const throttledId = ctx.id();
      const throttledUrl = ctx.fault.url("429-retry-after", throttledId, { "retry-after": 3600 });
      const clock = manualClock();
      const background: Promise<unknown>[] = [];
      let calls = 0;
      const client = ctx.createClient({
        tokenUrl: ctx.fault.url("ok", ctx.id(), { ttl: 600 }),
        ...credentials,
        now: clock.now,
        waitUntil: (promise) => background.push(promise),
        // The real servers: the first token from `ok`, every later request throttled for an hour.
        fetch: (input, init) => fetch(calls++ === 0 ? input : throttledUrl, init),
      });
      const token = await client.getToken();
      clock.set(token.expiresAt - 30_000);
      equal((await client.getToken()).accessToken, "tok-1", "token in the refresh window");
      await Promise.all(background);
      for (let i = 0; i < 100; i++) equal((await client.getToken()).accessToken, "tok-1", "token while throttled");
      await Promise.all(background);
      equal(await ctx.fault.count("429-retry-after", throttledId), 1, "refresh requests");
      const failed = ctx.events.find((event) => event.type === "token_failed");
      assert(failed?.type === "token_failed" && failed.background && failed.served, "no background token_failed that served the token");
      clock.set(token.expiresAt);
      const error = await rejectsWith(() => client.getToken(), THROTTLED, "after the token expired");
      equal(error.retryAt, failed.retryAt, "retryAt");
      equal(await ctx.fault.count("429-retry-after", throttledId), 1, "token requests");
    },
  },
  {
    name: "a Retry-After pause reaches another client through a JSON store: it gets OCC_THROTTLED without a request",
    async run(ctx) {
      const id = ctx.id();
      const tokenUrl = ctx.fault.url("429-retry-after", id, { "retry-after": 3600 });
      const clock = manualClock();
      const store = jsonStore();
      const background: Promise<unknown>[] = [];
      const options = { tokenUrl, ...credentials, store, now: clock.now, waitUntil: (promise: Promise<unknown>) => void background.push(promise) };
      const first = await rejectsWith(() => ctx.createClient(options).getToken(), OAUTH_ERROR, "the throttled request");
      await Promise.all(background);
      clock.advance(60_000);
      const other = await rejectsWith(() => ctx.createClient(options).getToken(), THROTTLED, "another client on the store");
      equal([other.status, other.retryAt], [429, first.retryAt], "status and retryAt learned from the store");
      equal(await ctx.fault.count("429-retry-after", id), 1, "token requests");
    },
  },
];
