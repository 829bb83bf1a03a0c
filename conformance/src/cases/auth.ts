/**
 * Client authentication against the real oidc-provider, and the exact wire encoding checked on the fault server.
 */
import { DISCOVERY_FAILED, discover } from "@occ/core";
import { assert, equal, rejectsWith } from "../assert.ts";
import type { Case } from "../context.ts";
import { formDecode, unbase64Utf8 } from "../secrets.ts";

// oidc-provider only registers printable-ASCII secrets, so non-ASCII is checked on the wire instead.
const WIRE_ID = "id:with ü+/%&=";
const WIRE_SECRET = "s3cr+t/:%&=~!*'() é日本🔑";

function isJwt(token: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);
}

/** Authentication cases. */
export const authCases: Case[] = [
  {
    name: "client_secret_basic (the default): oidc-provider accepts a reserved-character id and secret at the first request",
    async run(ctx) {
      const { basic } = ctx.env.clients;
      // The default method: Basic first, form-encoded as RFC 6749 §2.3.1 says, which oidc-provider decodes — so the
      // first request must succeed, with no fallback to client_secret_post.
      const client = ctx.createClient({ tokenUrl: ctx.env.tokenUrl, ...basic, scope: "read:data" });
      const token = await client.getToken();
      assert(isJwt(token.accessToken), `expected a JWT access token, got ${token.accessToken.slice(0, 12)}…`);
      equal(token.tokenType, "Bearer", "tokenType");
      equal(token.scope, "read:data", "scope");
      equal(ctx.events.flatMap((event) => (event.type === "token_fetched" ? [event.attempts] : [])), [1], "requests per token");
      equal(ctx.events.filter((event) => event.type === "credentials_switched").length, 0, "credentials_switched events");
    },
  },
  {
    name: "client_secret_post: oidc-provider accepts a reserved-character id and secret",
    async run(ctx) {
      const { post } = ctx.env.clients;
      const client = ctx.createClient({
        tokenUrl: ctx.env.tokenUrl,
        ...post,
        authMethod: "client_secret_post",
        scope: ["read:data", "write:data"],
      });
      const token = await client.getToken();
      assert(isJwt(token.accessToken), "expected a JWT access token");
      equal(token.scope?.split(" ").sort(), ["read:data", "write:data"], "scope");
    },
  },
  {
    name: "discover(issuer) finds the oidc-provider token endpoint",
    async run(ctx) {
      const client = ctx.createClient({ tokenUrl: discover(ctx.env.issuer), ...ctx.env.clients.basic });
      const token = await client.getToken();
      assert(isJwt(token.accessToken), "expected a JWT access token");
      const discovered = ctx.events.find((event) => event.type === "discovered");
      assert(discovered, "no discovered event");
      equal(discovered.tokenUrl, ctx.env.tokenUrl, "discovered tokenUrl");
    },
  },
  {
    name: "client_secret_basic form-encodes reserved and non-ASCII credentials (RFC 6749 §2.3.1)",
    async run(ctx) {
      const id = ctx.id();
      const client = ctx.createClient({ tokenUrl: ctx.fault.url("ok", id), clientId: WIRE_ID, clientSecret: WIRE_SECRET });
      await client.getToken();
      const request = await ctx.fault.last("ok", id);
      const header = request.headers["authorization"] ?? "";
      const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/.exec(header);
      assert(match, `Authorization is not Basic base64: ${header.slice(0, 12)}…`);
      const credentials = unbase64Utf8(match[1]!);
      const colon = credentials.indexOf(":");
      assert(colon > 0, "no ':' between id and secret");
      equal(formDecode(credentials.slice(0, colon)), WIRE_ID, "decoded client id");
      equal(formDecode(credentials.slice(colon + 1)), WIRE_SECRET, "decoded client secret");
      const form = new URLSearchParams(request.body);
      equal(form.get("grant_type"), "client_credentials", "grant_type");
      equal(form.has("client_secret"), false, "client_secret in the body");
      equal(request.method, "POST", "method");
      assert(
        request.headers["content-type"]?.startsWith("application/x-www-form-urlencoded"),
        `content-type ${request.headers["content-type"]}`,
      );
    },
  },
  {
    name: "client_secret_post sends reserved and non-ASCII credentials in the form body only",
    async run(ctx) {
      const id = ctx.id();
      const client = ctx.createClient({
        tokenUrl: ctx.fault.url("ok", id),
        clientId: WIRE_ID,
        clientSecret: WIRE_SECRET,
        authMethod: "client_secret_post",
      });
      await client.getToken();
      const request = await ctx.fault.last("ok", id);
      equal(request.headers["authorization"], undefined, "Authorization header");
      const form = new URLSearchParams(request.body);
      equal(form.get("client_id"), WIRE_ID, "client_id");
      equal(form.get("client_secret"), WIRE_SECRET, "client_secret");
      equal(form.get("grant_type"), "client_credentials", "grant_type");
    },
  },
  {
    name: "scope, audience, resource and params reach the token endpoint",
    async run(ctx) {
      const id = ctx.id();
      const client = ctx.createClient({
        tokenUrl: ctx.fault.url("ok", id),
        clientId: "wire",
        clientSecret: "wire-secret",
        scope: ["read:data", "write:data"],
        audience: "https://api.example/",
        resource: ["https://a.example/", "https://b.example/"],
        params: { tenant: "ü & co" },
      });
      await client.getToken();
      const form = new URLSearchParams((await ctx.fault.last("ok", id)).body);
      equal(form.getAll("grant_type"), ["client_credentials"], "grant_type");
      equal(form.get("scope"), "read:data write:data", "scope");
      equal(form.get("audience"), "https://api.example/", "audience");
      equal(form.getAll("resource"), ["https://a.example/", "https://b.example/"], "resource");
      equal(form.get("tenant"), "ü & co", "extra param");
    },
  },
  {
    name: "an issuer without usable metadata → OCC_DISCOVERY_FAILED, and no token request",
    async run(ctx) {
      const id = ctx.id();
      const client = ctx.createClient({ tokenUrl: discover(ctx.fault.url("html", id)), ...ctx.env.clients.basic });
      await rejectsWith(() => client.getToken(), DISCOVERY_FAILED, "html issuer");
      // Only metadata requests reached the issuer: a GET for each well-known document, never the credentials.
      const last = await ctx.fault.last("html", id);
      equal([last.method, last.headers["authorization"]], ["GET", undefined], "last request to the issuer");
    },
  },
];
