/**
 * Stores as core uses them: shared across clients, plain JSON values with whole-second TTLs, and a broken store
 * never breaks token delivery. Every store comes from `defineStore` or `memoryStore`.
 */
import { INVALID_OPTIONS, createClient, defineStore, memoryStore, type StoredValue } from "@occ/core";
import { assert, equal, rejectsWith } from "../assert.ts";
import type { Case } from "../context.ts";
import { jsonStore, tokenWrites } from "../stores.ts";

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
    name: "the store receives plain JSON and a TTL in whole seconds, which another client reads back",
    async run(ctx) {
      const id = ctx.id();
      const store = jsonStore();
      const background: Promise<unknown>[] = [];
      const tokenUrl = ctx.fault.url("ok", id, { ttl: 120 });
      await ctx.createClient({ tokenUrl, ...credentials, store, waitUntil: (promise) => background.push(promise) }).getToken();
      await Promise.all(background);
      const writes = tokenWrites(store);
      equal(writes.length, 1, "token writes");
      const [{ value, ttlSeconds }] = writes as [(typeof writes)[number]];
      equal(Object.keys(value).sort(), ["accessToken", "expiresAt", "issuedAt", "tokenType"], "stored fields");
      assert(Number.isInteger(ttlSeconds) && ttlSeconds > 100 && ttlSeconds <= 120, `ttl ${ttlSeconds}`);
      const again = await ctx.createClient({ tokenUrl, ...credentials, store }).getToken();
      equal(again.accessToken, "tok-1", "token read back through JSON");
      equal(await ctx.fault.count("ok", id), 1, "token requests");
    },
  },
  {
    name: "a throwing store and a store holding garbage are reported as store_error; tokens still flow",
    async run(ctx) {
      const fail = () => {
        throw new Error("store down");
      };
      const throwing = defineStore({ get: () => Promise.reject(new Error("store down")), set: fail, delete: fail });
      const held: StoredValue[] = [];
      const garbage = defineStore({
        get: () => ({ accessToken: "tok\r\nx-injected: 1", tokenType: "Bearer", expiresAt: Infinity, issuedAt: 1 }) as unknown as StoredValue,
        set: (_key: string, value: StoredValue) => void held.push(value),
        delete: () => {},
      });
      const operations: Record<string, string[]> = {};
      for (const [name, store] of [["throwing", throwing], ["garbage", garbage]] as const) {
        const background: Promise<unknown>[] = [];
        const client = ctx.createClient({
          tokenUrl: ctx.fault.url("ok", ctx.id()),
          ...credentials,
          store,
          waitUntil: (promise) => background.push(promise),
          onEvent: (event) => event.type === "store_error" && (operations[name] ??= []).push(event.operation),
        });
        equal((await client.getToken()).accessToken, "tok-1", `token with the ${name} store`);
        await Promise.all(background);
      }
      equal([...new Set(operations.throwing)].sort(), ["get", "set"], "store_error operations of the throwing store");
      equal([...new Set(operations.garbage)], ["get"], "store_error operations of the garbage store");
      equal(held.map((value) => "accessToken" in value && value.accessToken), ["tok-1"], "what replaced the garbage");
    },
  },
  {
    name: "a store not made by defineStore or a store factory is refused at createClient (OCC_INVALID_OPTIONS)",
    async run(ctx) {
      const bare = { get: () => undefined, set: () => {}, delete: () => {} };
      const error = await rejectsWith(
        () => createClient({ tokenUrl: ctx.fault.url("ok", ctx.id()), ...credentials, store: bare as never }),
        INVALID_OPTIONS,
        "bare store object",
      );
      assert(error.message.includes("defineStore"), `the message does not say how to make a store: ${error.message}`);
    },
  },
];
