import { exports } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { tokenRequests } from "./helpers.ts";

let runs = 0;

describe("a Worker calling createClient(env, ctx) in its fetch handler", () => {
  it("calls the protected API on each of 5 requests with exactly 1 token request", async () => {
    const before = await tokenRequests();
    const url = `http://worker/?api=${encodeURIComponent(`${inject("apiUrl")}/data`)}&run=${Date.now()}-${runs++}`;
    for (let request = 0; request < 5; request++) {
      const response = await exports.default.fetch(url);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ ok: true, scope: "read:data" });
    }
    expect(await tokenRequests()).toBe(before + 1);
  });
});
