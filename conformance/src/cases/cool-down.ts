/**
 * The cool-down after an instant refusal, on real HTTP: a hot loop against a token endpoint that answers
 * `invalid_client` makes one request per cool-down; callers meanwhile get the last error at once and an event
 * says so. The clock is the `now` option, so the cool-down is crossed without waiting.
 */
import { OAUTH_ERROR, type OccError } from "@occ/core";
import { assert, equal, rejectsWith } from "../assert.ts";
import { manualClock } from "../clock.ts";
import type { Case, Context } from "../context.ts";

// Nothing in it changes when form-encoded, so the default method has no client_secret_post fallback to try.
const credentials = { clientId: "cool-down", clientSecret: "cool-down-secret" };

const attemptsOfFailures = (ctx: Context) => ctx.events.flatMap((event) => (event.type === "token_failed" ? [event.attempts] : []));

/** Asserts `error` is what a caller during the cool-down must get: the last error's code, status and retryAt. */
function sameAs(error: OccError, last: OccError, what: string): void {
  equal([error.code, error.status, error.retryAt], [last.code, last.status, last.retryAt], what);
}

/** Cool-down cases. */
export const coolDownCases: Case[] = [
  {
    name: "a hot loop against invalid_client: one request per cool-down; callers get the last error at once (token_failed, attempts 0)",
    async run(ctx) {
      const id = ctx.id();
      const apiId = ctx.id();
      const clock = manualClock();
      const client = ctx.createClient({ tokenUrl: ctx.fault.url("invalid-client", id), ...credentials, now: clock.now });
      // Concurrent callers share the one request.
      const concurrent = await Promise.all(Array.from({ length: 50 }, () => rejectsWith(() => client.getToken(), OAUTH_ERROR, "concurrent caller")));
      const [last] = concurrent as [OccError];
      equal([last.status, await ctx.fault.count("invalid-client", id)], [401, 1], "status and token requests");
      assert(last.retryAt !== undefined, "the error has no retryAt");
      const firstPause = last.retryAt - clock.now();
      assert(firstPause >= 500 && firstPause <= 1_000, `first cool-down ${firstPause} ms, expected 0.5–1 s`);
      for (const error of concurrent) sameAs(error, last, "a concurrent caller's error");
      // The hot loop: every call refused at once with the same error, forceRefresh and client.fetch included.
      for (let i = 0; i < 200; i++) sameAs(await rejectsWith(() => client.getToken(), OAUTH_ERROR, "hot loop"), last, "a refused call");
      sameAs(await rejectsWith(() => client.getToken({ forceRefresh: true }), OAUTH_ERROR, "forceRefresh"), last, "forceRefresh");
      sameAs(await rejectsWith(() => client.fetch(ctx.fault.url("api-echo", apiId)), OAUTH_ERROR, "client.fetch"), last, "client.fetch");
      equal([await ctx.fault.count("invalid-client", id), await ctx.fault.count("api-echo", apiId)], [1, 0], "token and API requests");
      const attempts = attemptsOfFailures(ctx);
      equal([attempts.filter((n) => n === 1).length, attempts.filter((n) => n === 0).length], [1, 202], "token_failed events [attempts 1, attempts 0]");

      // Past the cool-down: exactly one request, then a longer cool-down.
      clock.set(last.retryAt);
      const next = await rejectsWith(() => client.getToken(), OAUTH_ERROR, "after the cool-down");
      assert(next.retryAt !== undefined, "the second error has no retryAt");
      const secondPause = next.retryAt - clock.now();
      assert(secondPause >= 1_000 && secondPause <= 2_000, `second cool-down ${secondPause} ms, expected 1–2 s`);
      for (let i = 0; i < 100; i++) sameAs(await rejectsWith(() => client.getToken({ forceRefresh: i % 2 === 0 }), OAUTH_ERROR, "second loop"), next, "a refused call");
      equal(await ctx.fault.count("invalid-client", id), 2, "token requests");
    },
  },
  {
    name: "the cool-down ends with a success: a server that recovers gets one request and the pause is forgotten",
    async run(ctx) {
      const failingId = ctx.id();
      const okId = ctx.id();
      const clock = manualClock();
      let recovered = false;
      const client = ctx.createClient({
        tokenUrl: ctx.fault.url("ok", okId, { ttl: 60 }),
        ...credentials,
        now: clock.now,
        // The real servers: invalid_client until the case says the server recovered.
        fetch: (input, init) => fetch(recovered ? input : ctx.fault.url("invalid-client", failingId), init),
      });
      const error = await rejectsWith(() => client.getToken(), OAUTH_ERROR, "before recovery");
      recovered = true;
      await rejectsWith(() => client.getToken(), OAUTH_ERROR, "recovered, but still in the cool-down");
      equal(await ctx.fault.count("ok", okId), 0, "token requests during the cool-down");
      clock.set(error.retryAt!);
      equal((await client.getToken()).accessToken, "tok-1", "token after the cool-down");
      // The token expires: a new request goes out at once, no pause left from before.
      clock.advance(60_000);
      equal((await client.getToken()).accessToken, "tok-2", "token after expiry");
      equal(await ctx.fault.count("ok", okId), 2, "token requests");
    },
  },
];
