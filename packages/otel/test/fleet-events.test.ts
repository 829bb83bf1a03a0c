/**
 * Fleet and credential events from real clients: leases acquired, found busy, taken over and lost on a
 * `memoryStore` (a store with a lease; its injected clock ages another instance's lease), credentials switched
 * through a secret rotation or after Basic credentials a server did not decode (fault scenario `basic-raw`), and a
 * `waitUntil` that throws.
 */
import { type AuthServer, type FaultServer, startAuthServer, startFaultServer } from "@occ/dev-server";
import { type ClientOptions, memoryStore } from "@occ/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instrumented } from "./instrumented.ts";
import type { Telemetry } from "./telemetry.ts";

let auth: AuthServer;
let faults: FaultServer;
beforeAll(async () => {
  [auth, faults] = await Promise.all([startAuthServer(), startFaultServer()]);
});
afterAll(async () => {
  await Promise.all([auth?.close(), faults?.close()]);
});

/** Another instance of the fleet, as the store sees it: the owner of a lease. */
const OTHER_INSTANCE = "another-instance";
/** Longer than any lease a client takes with the options below: the store's clock jumps by it to age a lease. */
const PAST_EVERY_LEASE_MS = 120_000;

function demoClient(overrides: Partial<ClientOptions> = {}): Omit<ClientOptions, "onEvent"> {
  const demo = auth.clients.simple;
  return { tokenUrl: auth.tokenUrl, clientId: demo.clientId, clientSecret: demo.clientSecret, ...overrides };
}

/** The count of each lease outcome recorded. */
async function leaseOutcomes(otel: Telemetry): Promise<Record<string, number>> {
  const points = await otel.points("occ.lease.outcomes");
  return Object.fromEntries(points.map((point) => [point.attributes["occ.lease.outcome"], point.value]));
}

describe("lease outcomes on a store with a lease", () => {
  it("acquired for the first token; busy while another instance refreshes, and the token is still served", async () => {
    let clock = Date.now();
    const store = memoryStore({ now: () => clock });
    const background: Promise<unknown>[] = [];
    const { otel, client, of, next } = instrumented(demoClient({ store, now: () => clock, waitUntil: (work) => background.push(work) }));
    const token = await client.getToken();
    await Promise.all(background); // the token is in the store and this client's lease released
    const { key } = of("token_fetched")[0]!;
    clock = token.expiresAt - 30_000; // inside the refresh window: served, and refreshed behind unless another is
    expect(await store.acquireLease(key, OTHER_INSTANCE, PAST_EVERY_LEASE_MS)).toBe(true);
    const busy = next("lease");
    expect(await client.getToken()).toEqual(token);
    expect(await busy).toMatchObject({ key, outcome: "busy" });
    expect(await leaseOutcomes(otel)).toEqual({ acquired: 1, busy: 1 });
  });

  it("taken_over when the instance holding the lease does not deliver within it", async () => {
    let storeClock = Date.now();
    const store = memoryStore({ now: () => storeClock });
    // The key of this configuration, from a client on a store of its own.
    const probe = instrumented(demoClient({ store: memoryStore() }));
    await probe.client.getToken();
    const { key } = probe.of("token_fetched")[0]!;
    await store.acquireLease(key, OTHER_INSTANCE, 1_000);

    // A cold client has nothing to serve: it waits for the holder's token for as long as its own lease (600 ms).
    const { otel, client, next } = instrumented(demoClient({ store, timeout: 300, retries: 1 }));
    const busy = next("lease");
    const token = client.getToken();
    expect(await busy).toMatchObject({ outcome: "busy" });
    storeClock += PAST_EVERY_LEASE_MS; // the holder's lease runs out, and no token came
    await expect(token).resolves.toMatchObject({ tokenType: "Bearer" });
    expect(await leaseOutcomes(otel)).toEqual({ busy: 1, taken_over: 1 });
  });

  it("lost when this instance's request outlives its lease", async () => {
    let storeClock = Date.now();
    const store = memoryStore({ now: () => storeClock });
    const slow: typeof fetch = (input, init) => {
      storeClock += PAST_EVERY_LEASE_MS; // the request takes longer than the lease, as far as the store can tell
      return fetch(input, init);
    };
    const { otel, client, next } = instrumented(demoClient({ store, fetch: slow }));
    const lost = next("lease", (event) => event.outcome === "lost");
    await client.getToken();
    await lost;
    expect(await leaseOutcomes(otel)).toEqual({ acquired: 1, lost: 1 });
  });
});

describe("credential switches", () => {
  it("counts the next secret of a rotation taking over, by method and index, never the secret", async () => {
    const demo = auth.clients.simple;
    const { otel, client } = instrumented(demoClient({ clientSecret: ["the-new-secret-not-yet-registered", demo.clientSecret] }));
    await client.getToken();
    const [point, ...others] = await otel.points("occ.credentials.switches");
    expect(others).toEqual([]);
    expect(point!.attributes).toEqual({ "occ.key": expect.any(String), "occ.auth.method": "client_secret_basic", "occ.secret.index": 1 });
    expect(point!.value).toBe(1);
    expect(JSON.stringify(await otel.collect())).not.toContain("the-new-secret");
  });

  it("counts the switch to client_secret_post after a server refused form-encoded Basic credentials", async () => {
    faults.setCredentials("otel-basic-raw", { clientId: "reports", clientSecrets: ["pa:ss+word"] });
    const { otel, client } = instrumented({ tokenUrl: `${faults.url}/basic-raw/otel-basic-raw`, clientId: "reports", clientSecret: "pa:ss+word" });
    await client.getToken();
    await client.getToken({ forceRefresh: true }); // remembered: no second switch
    const [point] = await otel.points("occ.credentials.switches");
    expect(point!.attributes).toMatchObject({ "occ.auth.method": "client_secret_post", "occ.secret.index": 0 });
    expect(point!.value).toBe(1);
  });
});

it("counts waitUntil hooks that threw", async () => {
  const { otel, client, of } = instrumented(
    demoClient({
      store: memoryStore(), // the store write is handed to waitUntil
      waitUntil: () => {
        throw new TypeError("Illegal invocation"); // an unbound ctx.waitUntil
      },
    }),
  );
  await client.getToken();
  const [failure] = of("wait_until_failed");
  expect(await otel.value("occ.wait_until.failures", { "occ.key": failure!.key })).toBe(1);
});
