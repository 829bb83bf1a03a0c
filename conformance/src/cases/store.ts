/**
 * The TokenStore contract as core uses it: shared across clients, plain JSON values, and a broken store never
 * breaks token delivery.
 */
import { memoryStore, type StoredToken, type TokenStore } from "@occ/core";
import { assert, equal } from "../assert.ts";
import type { Case } from "../context.ts";

const credentials = { clientId: "store", clientSecret: "store-secret" };

/** Store cases. */
export const storeCases: Case[] = [
  {
    name: "a second client on the same store takes the token from it without a request",
    async run(ctx) {
      const id = ctx.id();
      const store = memoryStore();
      const tokenUrl = ctx.fault.url("ok", id);
      const first = await ctx.createClient({ tokenUrl, ...credentials, store }).getToken();
      const second = await ctx.createClient({ tokenUrl, ...credentials, store }).getToken();
      equal(second.accessToken, first.accessToken, "token");
      equal(await ctx.fault.count("ok", id), 1, "token requests");
      assert(ctx.events.some((event) => event.type === "token_cached" && event.source === "store"), "no token_cached store event");
    },
  },
  {
    name: "the store receives plain JSON and a TTL in whole seconds",
    async run(ctx) {
      const writes: { key: string; value: StoredToken; ttl: number }[] = [];
      const store: TokenStore = {
        get: () => undefined,
        set: (key, value, ttl) => void writes.push({ key, value, ttl }),
        delete: () => {},
      };
      const client = ctx.createClient({ tokenUrl: ctx.fault.url("ok", ctx.id(), { ttl: 120 }), ...credentials, store });
      await client.getToken();
      equal(writes.length, 1, "store writes");
      const [{ value, ttl }] = writes as [(typeof writes)[number]];
      equal(JSON.parse(JSON.stringify(value)), value, "value survives JSON");
      equal(Object.keys(value).sort(), ["accessToken", "expiresAt", "issuedAt", "tokenType"], "stored fields");
      assert(Number.isInteger(ttl) && ttl > 100 && ttl <= 120, `ttl ${ttl}`);
    },
  },
  {
    name: "a throwing store and a store holding garbage are reported as store_error; tokens still flow",
    async run(ctx) {
      const throwing: TokenStore = {
        get: () => Promise.reject(new Error("store down")),
        set: () => {
          throw new Error("store down");
        },
        delete: () => {},
      };
      const garbage: TokenStore = { get: () => ({ nope: true }) as unknown as StoredToken, set: () => {}, delete: () => {} };
      for (const store of [throwing, garbage]) {
        const token = await ctx.createClient({ tokenUrl: ctx.fault.url("ok", ctx.id()), ...credentials, store }).getToken();
        equal(token.accessToken, "tok-1", "token");
      }
      const operations = ctx.events.flatMap((event) => (event.type === "store_error" ? [event.operation] : []));
      equal(operations, ["get", "set", "get"], "store_error operations");
    },
  },
];
