// Compile-time checks of the public API (enforced by `tsc -p test/tsconfig.json`, part of `test`); at run
// time expectTypeOf does nothing, so the `it`s only keep this a valid test file.
import { env } from "cloudflare:workers";
import * as core from "@occ/core";
import * as keys from "@occ/keys";
import { expectTypeOf, it } from "vitest";
import * as cloudflare from "../src/index.ts";
import {
  type CertificateBindingLike,
  type Client,
  type ClientOptions,
  createClient,
  durableObjectStore,
  type DurableObjectNamespaceLike,
  type DurableObjectStateLike,
  type DurableObjectStoreOptions,
  type ExecutionContextLike,
  kvStore,
  type KVNamespaceLike,
  type KvStoreOptions,
  logFailures,
  memoryStore,
  mtlsFetch,
  OccTokenCoordinator,
  type CloudflareClientOptions,
  type OccEvent,
  type SharedStore,
  type TokenStore,
} from "../src/index.ts";

it("re-exports @occ/core and @occ/keys, with its own createClient", () => {
  expectTypeOf(cloudflare.privateKeyJwt).toEqualTypeOf(keys.privateKeyJwt);
  expectTypeOf(cloudflare.dpopKey).toEqualTypeOf(keys.dpopKey);
  expectTypeOf(cloudflare.OccError).toEqualTypeOf(core.OccError);
  expectTypeOf(cloudflare.defineStore).toEqualTypeOf(core.defineStore);
  expectTypeOf(cloudflare.discover).toEqualTypeOf(core.discover);
  expectTypeOf(createClient).not.toEqualTypeOf(core.createClient);
});

it("has the public types it documents", () => {
  // The runtime's own types fit the structural ones, so Workers code passes its bindings unchanged.
  expectTypeOf<KVNamespace>().toExtend<KVNamespaceLike>();
  expectTypeOf<ExecutionContext>().toExtend<ExecutionContextLike>();
  expectTypeOf<DurableObjectState>().toExtend<ExecutionContextLike>();
  expectTypeOf<Fetcher>().toExtend<CertificateBindingLike>();

  expectTypeOf(kvStore).parameters.toEqualTypeOf<[KVNamespaceLike, KvStoreOptions?]>();
  expectTypeOf(kvStore(env.OAUTH_TOKENS)).toEqualTypeOf<SharedStore>();
  expectTypeOf<KvStoreOptions>().toEqualTypeOf<{ prefix?: string }>();

  expectTypeOf(createClient).parameters.toEqualTypeOf<[object, ExecutionContextLike, CloudflareClientOptions?]>();
  expectTypeOf(createClient).returns.toEqualTypeOf<Client>();

  // A Worker's Env is an interface without an index signature; it must still be accepted.
  interface Env {
    OAUTH_TOKENS: KVNamespace;
    OAUTH_CLIENT_SECRET: string;
    MY_CERT: Fetcher;
  }
  const workerEnv = {} as Env;
  expectTypeOf(createClient).toBeCallableWith(workerEnv, {} as ExecutionContext);
  expectTypeOf(createClient).toBeCallableWith(workerEnv, {} as ExecutionContext, { scope: ["a", "b"], store: kvStore(workerEnv.OAUTH_TOKENS) });
  expectTypeOf(mtlsFetch).parameter(0).toEqualTypeOf<CertificateBindingLike>();
  expectTypeOf(mtlsFetch).returns.toEqualTypeOf<typeof fetch>();
  expectTypeOf(createClient).toBeCallableWith(workerEnv, {} as ExecutionContext, { onEvent: logFailures });
  expectTypeOf(logFailures).parameters.toEqualTypeOf<[OccEvent]>();

  // Every option is optional (env supplies them), the issuer included; waitUntil comes from ctx only.
  expectTypeOf<CloudflareClientOptions>().toHaveProperty("clientId").toEqualTypeOf<string | undefined>();
  expectTypeOf<CloudflareClientOptions>().toHaveProperty("issuer").toEqualTypeOf<string | URL | undefined>();
  expectTypeOf<keyof CloudflareClientOptions>().toEqualTypeOf<Exclude<keyof ClientOptions, "waitUntil"> | "issuer">();

  // Not called: type checks only.
  const calls = () => [
    // @ts-expect-error the store option is `store`; `binding` is gone
    createClient(workerEnv, {} as ExecutionContext, { binding: "TOKENS" }),
    // @ts-expect-error a bare { get, set, delete } is not a store: defineStore makes one
    createClient(workerEnv, {} as ExecutionContext, { store: { get: () => undefined, set: () => {}, delete: () => {} } as TokenStore }),
    createClient(workerEnv, {} as ExecutionContext, { store: memoryStore() }),
  ];
  expectTypeOf(calls).returns.toEqualTypeOf<Client[]>();
  // @ts-expect-error the ExecutionContext is required
  const withoutContext = () => createClient({});
  expectTypeOf(withoutContext).returns.toEqualTypeOf<Client>();
});

it("has the Durable Object coordinator's types", () => {
  expectTypeOf<DurableObjectNamespace>().toExtend<DurableObjectNamespaceLike>();
  expectTypeOf<DurableObjectState>().toExtend<DurableObjectStateLike>();
  expectTypeOf(OccTokenCoordinator).toBeConstructibleWith({} as DurableObjectState, {});
  expectTypeOf<OccTokenCoordinator["fetch"]>().returns.toEqualTypeOf<Promise<Response>>();

  expectTypeOf(durableObjectStore).parameters.toEqualTypeOf<[DurableObjectNamespaceLike, DurableObjectStoreOptions?]>();
  expectTypeOf(durableObjectStore(env.OCC_COORDINATOR)).toEqualTypeOf<SharedStore & Required<TokenStore>>();
  expectTypeOf<DurableObjectStoreOptions>().toEqualTypeOf<{ prefix?: string }>();
  // @ts-expect-error a KV namespace is not a Durable Object namespace
  const withKv = () => durableObjectStore(env.STORE_KV);
  expectTypeOf(withKv).returns.toEqualTypeOf<SharedStore & Required<TokenStore>>();
});
