import { createExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { createClient } from "../src/index.ts";
import { freshAudience, tokenRequests } from "./helpers.ts";

describe("a Worker calling createClient(env, ctx) in its fetch handler", () => {
  it("calls the protected API on every request with one token request for the isolate", async () => {
    const requestsBefore = await tokenRequests();
    const url = `http://worker/?api=${encodeURIComponent(`${inject("apiUrl")}/data`)}`;
    for (let request = 0; request < 3; request++) {
      const response = await exports.default.fetch(url);
      expect(response.status).toBe(200);
      await response.body?.cancel();
    }
    expect(await tokenRequests()).toBeLessThanOrEqual(requestsBefore + 1);
  });
});

describe("the per-isolate client cache", () => {
  it("keeps a bounded number of clients, dropping the least recently used", () => {
    const pinnedAudience = freshAudience();
    const staleAudience = freshAudience();
    const pinned = createClient(env, createExecutionContext(), { audience: pinnedAudience });
    const stale = createClient(env, createExecutionContext(), { audience: staleAudience });
    for (let i = 0; i < 40; i++) {
      createClient(env, createExecutionContext(), { audience: freshAudience() });
      // Used on every request, so never the least recently used one.
      expect(createClient(env, createExecutionContext(), { audience: pinnedAudience })).toBe(pinned);
    }
    expect(createClient(env, createExecutionContext(), { audience: staleAudience })).not.toBe(stale);
  });
});
