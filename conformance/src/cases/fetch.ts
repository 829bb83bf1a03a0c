/**
 * `client.fetch`: the Authorization header, and the single replay after `401 invalid_token`, body included.
 */
import { equal } from "../assert.ts";
import type { Case, Context } from "../context.ts";

interface Echo {
  ok: boolean;
  auth: string | null;
  body: string;
}

function apiClient(ctx: Context, tokenId: string) {
  return ctx.createClient({ tokenUrl: ctx.fault.url("ok", tokenId), clientId: "fetch", clientSecret: "fetch-secret" });
}

const PAYLOAD = JSON.stringify({ order: 42, note: "ü & 🔑" });

/** Authenticated fetch cases. */
export const fetchCases: Case[] = [
  {
    name: "client.fetch sends Authorization: Bearer <token> and the caller's headers",
    async run(ctx) {
      const client = apiClient(ctx, ctx.id());
      const response = await client.fetch(ctx.fault.url("api-echo", ctx.id()), { headers: { "x-trace": "1" } });
      equal(response.status, 200, "status");
      equal(((await response.json()) as Echo).auth, "Bearer tok-1", "Authorization");
    },
  },
  {
    name: "401 invalid_token: client.fetch gets a new token and replays the request, string body included",
    async run(ctx) {
      const tokenId = ctx.id();
      const apiId = ctx.id();
      const client = apiClient(ctx, tokenId);
      const response = await client.fetch(ctx.fault.url("api-401-then-ok", apiId), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: PAYLOAD,
      });
      equal(response.status, 200, "status");
      const echo = (await response.json()) as Echo;
      equal([echo.auth, echo.body], ["Bearer tok-2", PAYLOAD], "replayed request");
      equal(await ctx.fault.count("ok", tokenId), 2, "token requests");
      equal(await ctx.fault.count("api-401-then-ok", apiId), 2, "API requests");
    },
  },
  {
    name: "401 invalid_token: a Request with a body is replayed, body included",
    async run(ctx) {
      const tokenId = ctx.id();
      const apiId = ctx.id();
      const client = apiClient(ctx, tokenId);
      const request = new Request(ctx.fault.url("api-401-then-ok", apiId), { method: "PUT", body: PAYLOAD });
      const response = await client.fetch(request);
      equal(response.status, 200, "status");
      const echo = (await response.json()) as Echo;
      equal([echo.auth, echo.body], ["Bearer tok-2", PAYLOAD], "replayed request");
      equal((await ctx.fault.last("api-401-then-ok", apiId)).method, "PUT", "replayed method");
    },
  },
  {
    name: "401 invalid_token: a ReadableStream body is replayed, body included",
    async run(ctx) {
      const tokenId = ctx.id();
      const apiId = ctx.id();
      const client = apiClient(ctx, tokenId);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(PAYLOAD));
          controller.close();
        },
      });
      const init = { method: "POST", body, duplex: "half" } as RequestInit;
      const response = await client.fetch(ctx.fault.url("api-401-then-ok", apiId), init);
      equal(response.status, 200, "status");
      equal(((await response.json()) as Echo).body, PAYLOAD, "replayed body");
    },
  },
  {
    name: "20 concurrent requests rejected with 401 share one new token",
    async run(ctx) {
      const tokenId = ctx.id();
      const apiId = ctx.id();
      const client = apiClient(ctx, tokenId);
      await client.getToken();
      // An API that rejects every token: each request is tried twice, and all of them share one refresh.
      const url = ctx.fault.url("api-401-always", apiId);
      const responses = await Promise.all(Array.from({ length: 20 }, () => client.fetch(url)));
      equal([...new Set(responses.map((response) => response.status))], [401], "statuses");
      equal(await ctx.fault.count("api-401-always", apiId), 40, "API requests");
      equal(await ctx.fault.count("ok", tokenId), 2, "token requests");
    },
  },
  {
    name: "a second 401 is returned to the caller, not looped",
    async run(ctx) {
      const tokenId = ctx.id();
      const apiId = ctx.id();
      const client = apiClient(ctx, tokenId);
      const response = await client.fetch(ctx.fault.url("api-401-always", apiId));
      equal(response.status, 401, "status");
      equal(await ctx.fault.count("api-401-always", apiId), 2, "API requests");
      equal(await ctx.fault.count("ok", tokenId), 2, "token requests");
    },
  },
  {
    name: "an API that answers 401 to every token: 200 client.fetch calls make exactly 2 token requests (no token pump)",
    async run(ctx) {
      const tokenId = ctx.id();
      const apiId = ctx.id();
      const at = Date.now();
      // A clock standing still: every call falls inside the time a replacement token is not itself replaced.
      const client = ctx.createClient({ tokenUrl: ctx.fault.url("ok", tokenId), clientId: "fetch", clientSecret: "fetch-secret", now: () => at });
      const url = ctx.fault.url("api-401-always", apiId);
      const statuses: number[] = [];
      for (let i = 0; i < 100; i++) statuses.push((await client.fetch(url)).status);
      statuses.push(...(await Promise.all(Array.from({ length: 100 }, () => client.fetch(url)))).map((response) => response.status));
      equal([...new Set(statuses)], [401], "statuses");
      equal(await ctx.fault.count("ok", tokenId), 2, "token requests");
      equal(await ctx.fault.count("api-401-always", apiId), 201, "API requests (one replay, for the first call)");
    },
  },
];

/** End to end: a real oidc-provider token against the real JWT-verifying API. */
export const endToEndCases: Case[] = [
  {
    name: "end to end: the oidc-provider token opens the JWT-verifying API; 403 insufficient_scope is not replayed",
    async run(ctx) {
      const client = ctx.createClient({ tokenUrl: ctx.env.tokenUrl, ...ctx.env.clients.basic, scope: "read:data" });
      const read = await client.fetch(`${ctx.env.apiUrl}/data`);
      equal(read.status, 200, "GET /data status");
      equal(((await read.json()) as { client_id: string }).client_id, ctx.env.clients.basic.clientId, "client_id claim");
      const write = await client.fetch(`${ctx.env.apiUrl}/data`, { method: "POST", body: "{}" });
      equal(write.status, 403, "POST /data status with a read-only token");
      equal(((await write.json()) as { error: string }).error, "insufficient_scope", "error");
      equal(ctx.events.filter((event) => event.type === "token_fetched").length, 1, "tokens fetched");
    },
  },
];
