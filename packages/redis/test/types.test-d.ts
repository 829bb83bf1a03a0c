import type { TokenStore } from "@occ/core";
import { createClient, createSentinel } from "redis";
import { describe, expectTypeOf, it } from "vitest";
import { type RedisClientLike, redisStore, type RedisStoreOptions } from "../src/index.ts";

describe("redisStore types", () => {
  it("accepts node-redis v5 clients as they come: with the bundled modules, RESP3, Sentinel", () => {
    expectTypeOf(createClient()).toExtend<RedisClientLike>();
    expectTypeOf(createClient({ RESP: 3 })).toExtend<RedisClientLike>();
    expectTypeOf(createSentinel({ name: "main", sentinelRootNodes: [] })).toExtend<RedisClientLike>();
    expectTypeOf(redisStore).parameter(0).toEqualTypeOf<RedisClientLike>();
  });

  it("returns a TokenStore whose lease methods are always there", () => {
    const store = redisStore(createClient(), { prefix: "app" });
    expectTypeOf(store).toExtend<TokenStore>();
    expectTypeOf(store.acquireLease).returns.toEqualTypeOf<boolean | Promise<boolean>>();
    expectTypeOf<RedisStoreOptions>().toEqualTypeOf<{ prefix?: string }>();
  });

  it("refuses what is not a client", () => {
    // @ts-expect-error a URL is not a client
    redisStore("redis://127.0.0.1:6379");
    // @ts-expect-error the prefix is a string
    redisStore(createClient(), { prefix: 1 });
  });
});
