// Several Workers — so several isolates — sharing one OccTokenCoordinator namespace hosted by yet another Worker
// (`scriptName`), as a user's fleet of Workers would. See vitest.config.ts and test/fleet-workers.ts.
import { env } from "cloudflare:workers";
import type { StoredToken } from "@occ/core";
import { describe, expect, it } from "vitest";
import { durableObjectStore } from "../src/index.ts";
import type { FleetCall } from "./fixtures/fleet-worker.ts";

const token: StoredToken = {
  accessToken: "eyJ.fleet-token.sig",
  tokenType: "Bearer",
  expiresAt: 1_900_000_000_000,
  issuedAt: 1_899_999_700_000,
};

/** Runs one store call inside the fleet Worker behind `binding`; returns its result and that Worker's isolate. */
async function inFleet(binding: Fetcher, call: FleetCall): Promise<{ result: unknown; isolate: string }> {
  const response = await binding.fetch("https://fleet/", { method: "POST", body: JSON.stringify(call) });
  expect(response.status).toBe(200);
  return (await response.json()) as { result: unknown; isolate: string };
}

const here = () => durableObjectStore(env.SHARED_COORDINATOR);
let keys = 0;
const freshKey = () => `fleet-${Date.now()}-${keys++}`;

describe("a fleet of Workers sharing the coordinator", () => {
  it("fleet-a and fleet-b run in isolates of their own", async () => {
    const key = freshKey();
    const a = await inFleet(env.FLEET_A, { method: "get", key });
    const b = await inFleet(env.FLEET_B, { method: "get", key });
    expect(a.isolate).not.toBe(b.isolate);
    expect((await inFleet(env.FLEET_A, { method: "get", key })).isolate).toBe(a.isolate);
  });

  it("5 keys × 60 acquire calls at once, from three isolates: one holder per key", async () => {
    for (let round = 0; round < 5; round++) {
      const key = freshKey();
      const attempts = Array.from({ length: 60 }, (_, i) => {
        const owner = `owner-${i}`;
        const call: FleetCall = { method: "acquireLease", key, owner, ttlMs: 60_000 };
        if (i % 3 === 0) return inFleet(env.FLEET_A, call).then(({ result }) => result === true);
        if (i % 3 === 1) return inFleet(env.FLEET_B, call).then(({ result }) => result === true);
        return here().acquireLease(key, owner, 60_000);
      });
      const results = await Promise.all(attempts);
      expect(results.filter(Boolean), `holders of ${key}`).toHaveLength(1);
    }
  });

  it("a value written in one isolate is read in the others at once, and so is its deletion", async () => {
    const key = freshKey();
    await inFleet(env.FLEET_A, { method: "set", key, value: token, ttlSeconds: 300 });
    expect((await inFleet(env.FLEET_B, { method: "get", key })).result).toEqual(token);
    expect(await here().get(key)).toEqual(token);

    await here().delete(key);
    expect((await inFleet(env.FLEET_A, { method: "get", key })).result).toBeNull();
    expect((await inFleet(env.FLEET_B, { method: "get", key })).result).toBeNull();
  });

  it("the holder in one isolate releases the lease; only then can another isolate take it", async () => {
    const key = freshKey();
    expect((await inFleet(env.FLEET_A, { method: "acquireLease", key, owner: "a", ttlMs: 60_000 })).result).toBe(true);
    expect((await inFleet(env.FLEET_B, { method: "acquireLease", key, owner: "b", ttlMs: 60_000 })).result).toBe(false);
    expect((await inFleet(env.FLEET_B, { method: "releaseLease", key, owner: "b" })).result).toBe(false);
    expect(await here().releaseLease(key, "a")).toBe(true);
    expect((await inFleet(env.FLEET_B, { method: "acquireLease", key, owner: "b", ttlMs: 60_000 })).result).toBe(true);
  });
});
