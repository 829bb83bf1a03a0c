/**
 * Client authentication against the real oidc-provider, and the exact wire encoding checked on the fault server.
 */
import { CLIENT_ASSERTION_FAILED, DISCOVERY_FAILED } from "@occ/core";
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
    name: "client_secret_basic: oidc-provider accepts a reserved-character id and secret",
    async run(ctx) {
      const { basic } = ctx.env.clients;
      const client = ctx.createClient({ tokenUrl: ctx.env.tokenUrl, ...basic, scope: "read:data" });
      const token = await client.getToken();
      assert(isJwt(token.accessToken), `expected a JWT access token, got ${token.accessToken.slice(0, 12)}…`);
      equal(token.tokenType, "Bearer", "tokenType");
      equal(token.scope, "read:data", "scope");
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
    name: "issuer discovery finds the oidc-provider token endpoint",
    async run(ctx) {
      const client = ctx.createClient({ issuer: ctx.env.issuer, ...ctx.env.clients.basic });
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
    name: "private_key_jwt: a fresh assertion per attempt, sent with its type and client_id",
    async run(ctx) {
      const id = ctx.id();
      const tokenUrl = ctx.fault.url("fail-then-ok", id);
      const seen: { tokenUrl: string; clientId: string }[] = [];
      const client = ctx.createClient({
        tokenUrl,
        clientId: "jwt-client",
        authMethod: "private_key_jwt",
        clientAssertion: (context) => `header.payload-${seen.push(context)}.signature`,
      });
      await client.getToken();
      equal(seen, [{ tokenUrl, clientId: "jwt-client" }, { tokenUrl, clientId: "jwt-client" }], "callback calls");
      const request = await ctx.fault.last("fail-then-ok", id);
      equal(request.headers["authorization"], undefined, "Authorization header");
      const form = new URLSearchParams(request.body);
      equal(
        [form.get("client_id"), form.get("client_assertion_type"), form.get("client_assertion")],
        ["jwt-client", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "header.payload-2.signature"],
        "assertion parameters",
      );
    },
  },
  {
    name: "a throwing clientAssertion → OCC_CLIENT_ASSERTION_FAILED, no request",
    async run(ctx) {
      const id = ctx.id();
      const client = ctx.createClient({
        tokenUrl: ctx.fault.url("ok", id),
        clientId: "jwt-client",
        authMethod: "private_key_jwt",
        clientAssertion: () => {
          throw new Error("no key");
        },
      });
      await rejectsWith(() => client.getToken(), CLIENT_ASSERTION_FAILED, "throwing callback");
      equal(await ctx.fault.count("ok", id), 0, "token requests");
    },
  },
  {
    name: "authMethod none sends client_id only",
    async run(ctx) {
      const id = ctx.id();
      await ctx.createClient({ tokenUrl: ctx.fault.url("ok", id), clientId: "public-client", authMethod: "none" }).getToken();
      const request = await ctx.fault.last("ok", id);
      equal(request.headers["authorization"], undefined, "Authorization header");
      const form = new URLSearchParams(request.body);
      equal([...form.keys()].sort(), ["client_id", "grant_type"], "form parameters");
    },
  },
  {
    name: "an issuer without usable metadata → OCC_DISCOVERY_FAILED",
    async run(ctx) {
      const client = ctx.createClient({ issuer: ctx.fault.url("html", ctx.id()), ...ctx.env.clients.basic });
      await rejectsWith(() => client.getToken(), DISCOVERY_FAILED, "html issuer");
    },
  },
];
