import { describe, expect, it } from "vitest";
import { memoryStore, OccError } from "../src/index.ts";
import { storeConformance } from "./store-conformance.ts";
import { manualClock } from "./helpers.ts";

describe("memoryStore conformance", () => {
  const clock = manualClock();
  storeConformance("memoryStore", {
    test: it,
    create: () => memoryStore({ now: clock.now }),
    elapse: (seconds) => clock.advance(seconds * 1000),
    leases: true,
  });
});

describe("memoryStore", () => {
  const token = (n: number) => ({ accessToken: `t${n}`, tokenType: "Bearer", expiresAt: 2e12, issuedAt: 1e12 });

  it("is bounded: the least recently used entry goes first", () => {
    const store = memoryStore({ maxEntries: 2 });
    store.set("a", token(1), 60);
    store.set("b", token(2), 60);
    store.get("a");
    store.set("c", token(3), 60);
    expect(store.get("a")).toEqual(token(1));
    expect(store.get("b")).toBeUndefined();
    expect(store.get("c")).toEqual(token(3));
  });

  it("rejects a maxEntries that is not a positive integer", () => {
    for (const maxEntries of [0, -1, 1.5, Number.NaN]) {
      expect(() => memoryStore({ maxEntries })).toThrowError(OccError);
    }
  });
});
