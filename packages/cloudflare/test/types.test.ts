// Compile-time checks of the public API (enforced by `tsc -p test/tsconfig.json`, part of `test`); at run
// time expectTypeOf does nothing, so the single `it` only keeps this a valid test file.
import { env } from "cloudflare:workers";
import type { Client, ClientOptions, TokenStore } from "@occ/core";
import { expectTypeOf, it } from "vitest";
import {
  createClient,
  durableObjectStore,
  kvStore,
  OccTokenCoordinator,
  type CloudflareClientOptions,
  type DurableObjectNamespaceLike,
  type DurableObjectStateLike,
  type DurableObjectStoreOptions,
  type ExecutionContextLike,
  type KVNamespaceLike,
  type KvStoreOptions,
} from "../src/index.ts";

it("has the public types it documents", () => {
  // The runtime's own types fit the structural ones, so Workers code passes its bindings unchanged.
  expectTypeOf<KVNamespace>().toExtend<KVNamespaceLike>();
  expectTypeOf<ExecutionContext>().toExtend<ExecutionContextLike>();
  expectTypeOf<DurableObjectState>().toExtend<ExecutionContextLike>();

  expectTypeOf(kvStore).parameters.toEqualTypeOf<[KVNamespaceLike, KvStoreOptions?]>();
  expectTypeOf(kvStore(env.OAUTH_TOKENS)).toEqualTypeOf<TokenStore>();
  expectTypeOf<KvStoreOptions>().toEqualTypeOf<{ prefix?: string }>();

  expectTypeOf(createClient).parameters.toEqualTypeOf<[object, ExecutionContextLike, CloudflareClientOptions?]>();
  expectTypeOf(createClient).returns.toEqualTypeOf<Client>();

  // A Worker's Env is an interface without an index signature; it must still be accepted.
  interface Env {
    OAUTH_TOKENS: KVNamespace;
    OAUTH_CLIENT_SECRET: string;
  }
  expectTypeOf(createClient).toBeCallableWith({} as Env, {} as ExecutionContext);
  expectTypeOf(createClient).toBeCallableWith({} as Env, {} as ExecutionContext, { scope: ["a", "b"], binding: "KV" });

  // Every option is optional (env supplies them), and waitUntil comes from ctx only.
  expectTypeOf<CloudflareClientOptions>().toHaveProperty("clientId").toEqualTypeOf<string | undefined>();
  expectTypeOf<CloudflareClientOptions>().toHaveProperty("binding").toEqualTypeOf<string | undefined>();
  expectTypeOf<keyof CloudflareClientOptions>().toEqualTypeOf<Exclude<keyof ClientOptions, "waitUntil"> | "binding">();

  // @ts-expect-error the ExecutionContext is required
  const withoutContext = () => createClient({});
  expectTypeOf(withoutContext).returns.toEqualTypeOf<Client>();
});

it("has the Durable Object coordinator's types", () => {
  // A plain binding, and the class the runtime constructs with its own state.
  expectTypeOf<DurableObjectNamespace>().toExtend<DurableObjectNamespaceLike>();
  expectTypeOf<DurableObjectState>().toExtend<DurableObjectStateLike>();
  expectTypeOf(OccTokenCoordinator).toBeConstructibleWith({} as DurableObjectState, {});
  expectTypeOf<OccTokenCoordinator["fetch"]>().returns.toEqualTypeOf<Promise<Response>>();

  expectTypeOf(durableObjectStore).parameters.toEqualTypeOf<[DurableObjectNamespaceLike, DurableObjectStoreOptions?]>();
  expectTypeOf(durableObjectStore(env.OCC_COORDINATOR)).toEqualTypeOf<Required<TokenStore>>();
  expectTypeOf<DurableObjectStoreOptions>().toEqualTypeOf<{ prefix?: string }>();
  // @ts-expect-error a KV namespace is not a Durable Object namespace
  const withKv = () => durableObjectStore(env.STORE_KV);
  expectTypeOf(withKv).returns.toEqualTypeOf<Required<TokenStore>>();
});
