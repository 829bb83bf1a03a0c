/**
 * The clients of one fleet instance, one per variant, each talking to its own namespace of the bench server.
 * Runtime-neutral: each runtime passes its adapter's `createClient` and its store.
 */
import { type ClientOptions, defineStore, type SharedStore, type TokenStore } from "@occ/core";
import type { TokenGetter } from "./fleet-member.ts";
import { CLIENT_ID, CLIENT_SECRET, namespaceOf, REFRESH_SKEW_SECONDS, tokenUrlOf, type Variant } from "./settings.ts";

/** What every instance of a configuration is told. */
export interface FleetPlan {
  serverUrl: string;
  /** The configuration's name: namespaces on the bench server are per configuration and variant. */
  configuration: string;
  variants: Variant[];
}

/**
 * The same store without its lease: `defineStore` over get/set/delete only, which is what a store without a lease
 * gets from core: refresh points spread at random instead of one instance refreshing.
 */
export function withoutLease(store: TokenStore): SharedStore {
  return defineStore({
    get: (key) => store.get(key),
    set: (key, value, ttlSeconds) => store.set(key, value, ttlSeconds),
    delete: (key) => store.delete(key),
  });
}

/** One client per variant of `plan`: `lease` on `store`, `lease-less` on the same store without its lease, `no store`. */
export function fleetClients(
  plan: FleetPlan,
  store: SharedStore & TokenStore,
  create: (options: ClientOptions) => TokenGetter,
  onEvent: (variant: Variant) => ClientOptions["onEvent"],
): Partial<Record<Variant, TokenGetter>> {
  const stores: Record<Variant, SharedStore | undefined> = { lease: store, "lease-less": withoutLease(store), "no store": undefined };
  const clients: Partial<Record<Variant, TokenGetter>> = {};
  for (const variant of plan.variants) {
    const shared = stores[variant];
    clients[variant] = create({
      tokenUrl: tokenUrlOf(plan.serverUrl, namespaceOf(plan.configuration, variant)),
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      refreshSkew: REFRESH_SKEW_SECONDS,
      onEvent: onEvent(variant),
      ...(shared && { store: shared }),
    });
  }
  return clients;
}
