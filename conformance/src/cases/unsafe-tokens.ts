/**
 * Token responses a client must not pass on as they are, from the fault server: access tokens an HTTP header cannot
 * carry (each runtime's `Headers` would throw or be smuggled a header), token types this client does not use, and
 * lifetimes that overflow a clock. Each is refused with a typed error and nothing reaches the cache or the store.
 */
import { INVALID_TOKEN_RESPONSE } from "@occ/core";
import { assert, equal, rejectsWith } from "../assert.ts";
import { manualClock } from "../clock.ts";
import type { Case, Context } from "../context.ts";
import { jsonStore, tokenWrites } from "../stores.ts";

const credentials = { clientId: "unsafe", clientSecret: "unsafe-secret" };
const DAY_MS = 86_400_000;

/** Fault scenarios answering an access token that is not 1*VSCHAR (RFC 6749 A.12), or has surrounding spaces. */
const UNSAFE_TOKENS: { what: string; scenario: string; query?: Record<string, string> }[] = [
  { what: "CR LF and a header after it", scenario: "token-crlf" },
  { what: "NUL", scenario: "token-nul" },
  { what: "é (non-ASCII)", scenario: "token-non-ascii" },
  { what: "DEL (0x7F)", scenario: "token-non-ascii", query: { char: "7f" } },
  { what: "U+2028 (a line separator)", scenario: "token-non-ascii", query: { char: "2028" } },
  { what: "bytes that are not UTF-8", scenario: "token-invalid-utf8" },
  { what: "surrounding spaces", scenario: "token-whitespace" },
];

const unsafeTokenCases: Case[] = UNSAFE_TOKENS.map(({ what, scenario, query }) => ({
  name: `an access token with ${what} → OCC_INVALID_TOKEN_RESPONSE; nothing cached; client.fetch throws only OccError`,
  async run(ctx) {
    const id = ctx.id();
    const apiId = ctx.id();
    const clock = manualClock();
    const store = jsonStore();
    const background: Promise<unknown>[] = [];
    const client = ctx.createClient({
      tokenUrl: ctx.fault.url(scenario, id, query),
      ...credentials,
      store,
      now: clock.now,
      waitUntil: (promise) => background.push(promise),
    });
    const error = await rejectsWith(() => client.fetch(ctx.fault.url("api-echo", apiId)), INVALID_TOKEN_RESPONSE, "client.fetch");
    assert(!/[\0\r\n]/.test(error.message), "the error message carries a control character");
    equal(await ctx.fault.count("api-echo", apiId), 0, "API requests");
    equal(await ctx.fault.count(scenario, id), 1, "token requests (not retried)");
    // Nothing was kept: once the cool-down is over the next caller asks the server again, and is refused again.
    assert(error.retryAt !== undefined, "the error has no retryAt");
    clock.set(error.retryAt);
    await rejectsWith(() => client.getToken(), INVALID_TOKEN_RESPONSE, "getToken after the cool-down");
    equal(await ctx.fault.count(scenario, id), 2, "token requests");
    await Promise.all(background);
    equal(tokenWrites(store).length, 0, "tokens written to the store");
  },
}));

/** A client with a clock standing at `at`, so lifetimes come out exact. */
function clockedClient(ctx: Context, tokenUrl: string, at: number, store = jsonStore()) {
  const background: Promise<unknown>[] = [];
  const client = ctx.createClient({ tokenUrl, ...credentials, store, now: () => at, waitUntil: (promise) => background.push(promise) });
  return { client, store, settled: () => Promise.all(background) };
}

function clampedLifetime(what: string, scenario: string, query: Record<string, string>): Case {
  return {
    name: `${what} → the lifetime is clamped to 24 h, and the stored value is plain JSON that another client reads back`,
    async run(ctx) {
      const id = ctx.id();
      const at = Date.now();
      const tokenUrl = ctx.fault.url(scenario, id, query);
      const { client, store, settled } = clockedClient(ctx, tokenUrl, at);
      const token = await client.getToken();
      equal(token.expiresAt, at + DAY_MS, "expiresAt");
      await settled();
      const writes = tokenWrites(store);
      equal(writes.length, 1, "token writes");
      const [{ value, ttlSeconds }] = writes as [(typeof writes)[number]];
      equal([value.expiresAt, value.issuedAt], [at + DAY_MS, at], "stored expiresAt and issuedAt");
      assert(Number.isInteger(ttlSeconds) && ttlSeconds > 0 && ttlSeconds <= DAY_MS / 1000, `ttl ${ttlSeconds}`);
      // Read back through JSON (a value that became null on the way would be refused and fetched again).
      const again = await clockedClient(ctx, tokenUrl, at + 1_000, store).client.getToken();
      equal([again.accessToken, again.expiresAt], [token.accessToken, token.expiresAt], "token read back");
      equal(await ctx.fault.count(scenario, id), 1, "token requests");
    },
  };
}

/** The token_type values a client without `dpop` must refuse, and the spellings of Bearer it must accept. */
const REFUSED_TYPES = ["mac", "N_A", "DPoP"];
const BEARER_SPELLINGS = ["bearer", "BEARER", "Bearer", "bEaReR"];

/** Unsafe token cases. */
export const unsafeTokensCases: Case[] = [
  ...unsafeTokenCases,
  {
    name: "token_type mac, N_A and DPoP (without the dpop option) → OCC_INVALID_TOKEN_RESPONSE, not retried",
    async run(ctx) {
      for (const type of REFUSED_TYPES) {
        const id = ctx.id();
        const client = ctx.createClient({ tokenUrl: ctx.fault.url("token-type", id, { type }), ...credentials });
        await rejectsWith(() => client.getToken(), INVALID_TOKEN_RESPONSE, `token_type ${type}`);
        equal(await ctx.fault.count("token-type", id), 1, `token requests (${type})`);
      }
    },
  },
  {
    name: "token_type Bearer in any case is accepted and sent as Bearer",
    async run(ctx) {
      for (const type of BEARER_SPELLINGS) {
        const apiId = ctx.id();
        const client = ctx.createClient({ tokenUrl: ctx.fault.url("token-type", ctx.id(), { type }), ...credentials });
        equal((await client.getToken()).tokenType, "Bearer", `tokenType for ${type}`);
        const echo = (await (await client.fetch(ctx.fault.url("api-echo", apiId))).json()) as { auth: string };
        equal(echo.auth, "Bearer tok-1", `Authorization for ${type}`);
      }
    },
  },
  clampedLifetime("expires_in 1e308", "expires-in", { value: "1e308" }),
  clampedLifetime("a JWT access token with exp 1e306 and no expires_in", "jwt-exp", { exp: "1e306" }),
];
