// Type tests: `deno check` (run by test/run.ts) fails when an assertion here stops holding.
import type { Client, SharedStore, TokenStore } from "@occ/core";
import { createClient, type DenoClientOptions, denoKvStore, type DenoKvStoreOptions } from "../src/index.ts";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(): T | void {}

declare const kv: Deno.Kv;

expectType<Equal<ReturnType<typeof denoKvStore>, SharedStore & Required<TokenStore>>>();
expectType<Equal<ReturnType<typeof createClient>, Client>>();
expectType<Equal<Parameters<typeof denoKvStore>, [kv: Deno.Kv, options?: DenoKvStoreOptions]>>();
expectType<Equal<DenoKvStoreOptions["prefix"], string | undefined>>();
expectType<Equal<DenoClientOptions["store"], SharedStore | undefined>>();

// Everything may come from the environment.
createClient();
createClient({ store: denoKvStore(kv) });
createClient({ clientId: "id", scope: ["a", "b"], store: denoKvStore(kv, { prefix: "app" }) });

// @ts-expect-error a store comes from denoKvStore() or defineStore(), not a bare KV handle
createClient({ store: kv });
// @ts-expect-error the prefix is a string
denoKvStore(kv, { prefix: ["occ"] });
// @ts-expect-error a KV handle is required
denoKvStore();
// @ts-expect-error unknown auth methods are rejected at compile time too
createClient({ authMethod: "client_secret_magic" });
