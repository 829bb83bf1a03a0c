/**
 * Token responses: the lenient forms real servers send are accepted, everything malformed is refused with its
 * stable code and is not retried.
 */
import { INVALID_JSON, INVALID_TOKEN_RESPONSE, OAUTH_ERROR, OAuthError, OccError, RESPONSE_TOO_LARGE, UNEXPECTED_CONTENT_TYPE, UNEXPECTED_STATUS } from "@occ/core";
import { assert, equal, rejectsWith } from "../assert.ts";
import type { Case, Context } from "../context.ts";

// A clock that stands still makes expiresAt exact: the request is "sent" at T.
const T = 1_800_000_000_000;

function fixedClockClient(ctx: Context, scenario: string, id: string, query?: Record<string, string | number>) {
  return ctx.createClient({
    tokenUrl: ctx.fault.url(scenario, id, query),
    clientId: "validation",
    clientSecret: "validation-secret",
    now: () => T,
  });
}

function refused(scenario: string, code: string, status?: number): Case {
  return {
    name: `${scenario} response → ${code}, not retried`,
    async run(ctx) {
      const id = ctx.id();
      const client = ctx.createClient({ tokenUrl: ctx.fault.url(scenario, id), clientId: "validation", clientSecret: "validation-secret" });
      const error = await rejectsWith(() => client.getToken(), code, scenario);
      assert(error instanceof OccError, "not an OccError instance");
      if (status !== undefined) equal(error.status, status, "status");
      equal(await ctx.fault.count(scenario, id), 1, "requests");
    },
  };
}

/** Response validation cases. */
export const validationCases: Case[] = [
  {
    name: "string expires_in is accepted",
    async run(ctx) {
      const client = fixedClockClient(ctx, "ok-string-expires", ctx.id(), { ttl: 120 });
      const token = await client.getToken();
      equal(token.expiresAt, T + 120_000, "expiresAt");
    },
  },
  {
    name: "lowercase bearer is normalized to Bearer",
    async run(ctx) {
      const token = await fixedClockClient(ctx, "ok-lowercase-bearer", ctx.id()).getToken();
      equal(token.tokenType, "Bearer", "tokenType");
    },
  },
  {
    name: "missing expires_in on an opaque token falls back to defaultExpiresIn",
    async run(ctx) {
      const token = await fixedClockClient(ctx, "ok-no-expires", ctx.id()).getToken();
      equal(token.expiresAt, T + 300_000, "expiresAt");
    },
  },
  {
    name: "quota headers (Auth0, RateLimit-*) are reported in token_fetched",
    async run(ctx) {
      for (const style of ["auth0-client", "ratelimit"]) {
        await fixedClockClient(ctx, "ok-quota", ctx.id(), { style, limit: 500, remaining: 7, reset: 60 }).getToken();
      }
      const quotas = ctx.events.flatMap((event) => (event.type === "token_fetched" ? [event.quota] : []));
      equal(
        quotas,
        [
          { header: "auth0-client-quota-limit", limit: 500, remaining: 7, resetAt: T + 60_000 },
          { header: "ratelimit-remaining", limit: 500, remaining: 7, resetAt: T + 60_000 },
        ],
        "quota of each token_fetched event",
      );
    },
  },
  refused("html", UNEXPECTED_CONTENT_TYPE, 200),
  refused("truncated", INVALID_JSON, 200),
  refused("empty", INVALID_JSON, 200),
  refused("array", INVALID_JSON, 200),
  refused("wrong-types", INVALID_TOKEN_RESPONSE, 200),
  refused("no-token-type", INVALID_TOKEN_RESPONSE, 200),
  refused("oversized", RESPONSE_TOO_LARGE, 200),
  {
    name: "oauth-error response → OAuthError with the server's fields",
    async run(ctx) {
      const id = ctx.id();
      const client = ctx.createClient({ tokenUrl: ctx.fault.url("oauth-error", id), clientId: "validation", clientSecret: "validation-secret" });
      const error = await rejectsWith(() => client.getToken(), OAUTH_ERROR, "oauth-error");
      assert(error instanceof OAuthError, "not an OAuthError instance");
      equal(
        { error: error.error, errorDescription: error.errorDescription, status: error.status, name: error.name },
        { error: "invalid_client", errorDescription: "Client authentication failed", status: 400, name: "OAuthError" },
        "OAuthError fields",
      );
      equal(await ctx.fault.count("oauth-error", id), 1, "requests");
    },
  },
  {
    name: "oauth-error-401 response → OAuthError invalid_client with status 401, not retried",
    async run(ctx) {
      const id = ctx.id();
      const client = ctx.createClient({ tokenUrl: ctx.fault.url("oauth-error-401", id), clientId: "validation", clientSecret: "validation-secret" });
      const error = await rejectsWith(() => client.getToken(), OAUTH_ERROR, "oauth-error-401");
      assert(error instanceof OAuthError, "not an OAuthError instance");
      equal([error.error, error.status], ["invalid_client", 401], "error and status");
      equal(await ctx.fault.count("oauth-error-401", id), 1, "requests");
    },
  },
  {
    name: "wrong secret at oidc-provider → OAuthError invalid_client",
    async run(ctx) {
      const client = ctx.createClient({ tokenUrl: ctx.env.tokenUrl, clientId: ctx.env.clients.basic.clientId, clientSecret: "not the secret" });
      const error = await rejectsWith(() => client.getToken(), OAUTH_ERROR, "wrong secret");
      assert(error instanceof OAuthError, "not an OAuthError instance");
      equal(error.error, "invalid_client", "error");
      equal(error.status, 401, "status");
    },
  },
  {
    name: "HTML 500 → OCC_UNEXPECTED_STATUS with the status",
    async run(ctx) {
      const id = ctx.id();
      const client = ctx.createClient({
        tokenUrl: ctx.fault.url("error-html", id),
        clientId: "validation",
        clientSecret: "validation-secret",
        retries: 0,
      });
      await rejectsWith(() => client.getToken(), UNEXPECTED_STATUS, "error-html").then((error) => equal(error.status, 500, "status"));
    },
  },
];
