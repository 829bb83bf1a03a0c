/**
 * What the default client authentication does with servers that decode Basic credentials their own way (the fault
 * server's `basic-*` scenarios), and secret rotation (`secrets`, and oidc-provider): one fallback to
 * `client_secret_post` when form-encoding changed the credentials, remembered; the next secret of a rotation list.
 */
import { OAUTH_ERROR, type OccEvent } from "@occ/core";
import { assert, equal, rejectsWith } from "../assert.ts";
import type { Case, Context } from "../context.ts";

const switches = (ctx: Context) =>
  ctx.events.flatMap((event: OccEvent) => (event.type === "credentials_switched" ? [[event.method, event.secretIndex]] : []));

/** How the last request to `<scenario>/<id>` authenticated: `basic`, `post`, or `none`. */
async function sentAs(ctx: Context, scenario: string, id: string): Promise<string> {
  const request = await ctx.fault.last(scenario, id);
  if (request.headers["authorization"]?.startsWith("Basic ")) return "basic";
  return new URLSearchParams(request.body).has("client_secret") ? "post" : "none";
}

function fallsBack(scenario: string, how: string): Case {
  return {
    name: `${scenario} (${how}): the default method falls back once to client_secret_post and remembers it`,
    async run(ctx) {
      const id = ctx.id();
      const client = ctx.createClient({ tokenUrl: ctx.fault.url(scenario, id), ...ctx.env.faultClient });
      equal((await client.getToken()).accessToken, "tok-2", "token after the fallback");
      equal([await ctx.fault.count(scenario, id), await sentAs(ctx, scenario, id)], [2, "post"], "requests, and how the last one authenticated");
      equal(switches(ctx), [["client_secret_post", 0]], "credentials_switched events");
      // Remembered: the next token request is sent with client_secret_post at once.
      equal((await client.getToken({ forceRefresh: true })).accessToken, "tok-3", "token after forceRefresh");
      equal([await ctx.fault.count(scenario, id), await sentAs(ctx, scenario, id)], [3, "post"], "requests, and how the last one authenticated");
      equal(switches(ctx).length, 1, "credentials_switched events");
    },
  };
}

/** Credential cases. */
export const credentialsCases: Case[] = [
  fallsBack("basic-raw", "Basic credentials compared as sent"),
  fallsBack("basic-split", "Basic credentials split at every ':'"),
  {
    name: "basic-rfc (Basic decoded as RFC 6749 says): the default method's first request succeeds, no fallback",
    async run(ctx) {
      const id = ctx.id();
      const client = ctx.createClient({ tokenUrl: ctx.fault.url("basic-rfc", id), ...ctx.env.faultClient });
      equal((await client.getToken()).accessToken, "tok-1", "token");
      equal([await ctx.fault.count("basic-rfc", id), await sentAs(ctx, "basic-rfc", id)], [1, "basic"], "requests, and how it authenticated");
      equal(switches(ctx), [], "credentials_switched events");
    },
  },
  {
    name: "a method named in the options is strict: basic-raw refuses client_secret_basic, and the error says what to check",
    async run(ctx) {
      const id = ctx.id();
      const { clientId } = ctx.env.faultClient;
      const client = ctx.createClient({ tokenUrl: ctx.fault.url("basic-raw", id), ...ctx.env.faultClient, authMethod: "client_secret_basic" });
      const error = await rejectsWith(() => client.getToken(), OAUTH_ERROR, "strict Basic");
      equal([error.status, await ctx.fault.count("basic-raw", id)], [401, 1], "status and requests");
      for (const part of [JSON.stringify(clientId), "client_secret_basic", "client_secret_post"]) {
        assert(error.message.includes(part), `the message does not name ${part}: ${error.message}`);
      }
    },
  },
  {
    name: "secret rotation (secrets): only the second secret accepted → token with one extra request; then only the first → recovers",
    async run(ctx) {
      const id = ctx.id();
      const clientId = "rotation-client";
      const [newest, previous] = ["rotation-newest-secret", "rotation-previous-secret"];
      await ctx.fault.register(id, clientId, [previous]);
      const client = ctx.createClient({ tokenUrl: ctx.fault.url("secrets", id), clientId, clientSecret: [newest, previous] });
      equal((await client.getToken()).accessToken, "tok-2", "token with the previous secret");
      equal(await ctx.fault.count("secrets", id), 2, "requests");
      // The secret that worked is kept: no request with the refused one first.
      equal((await client.getToken({ forceRefresh: true })).accessToken, "tok-3", "token after forceRefresh");
      equal(await ctx.fault.count("secrets", id), 3, "requests");
      // The rotation completes on the server: only the newest secret is accepted from now on.
      await ctx.fault.register(id, clientId, [newest]);
      equal((await client.getToken({ forceRefresh: true })).accessToken, "tok-5", "token with the newest secret");
      equal(await ctx.fault.count("secrets", id), 5, "requests");
      equal(switches(ctx), [["client_secret_basic", 1], ["client_secret_basic", 0]], "credentials_switched events");
    },
  },
  {
    name: "secret rotation at oidc-provider: [a retired secret, the current one] → token with the current one, Basic",
    async run(ctx) {
      // Every secret is tried with Basic before any client_secret_post fallback: the retired secret's Basic request
      // is refused, the current secret's Basic request succeeds.
      const { clientId, clientSecret } = ctx.env.clients.basic;
      const client = ctx.createClient({ tokenUrl: ctx.env.tokenUrl, clientId, clientSecret: ["retired-secret", clientSecret] });
      const token = await client.getToken();
      assert(token.accessToken.split(".").length === 3, "expected a JWT access token");
      equal(ctx.events.flatMap((event) => (event.type === "token_fetched" ? [event.attempts] : [])), [2], "requests per token");
      equal(switches(ctx), [["client_secret_basic", 1]], "credentials_switched events");
    },
  },
];
