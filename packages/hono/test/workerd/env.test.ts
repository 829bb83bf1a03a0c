// Configuration inside workerd: env(c) from hono/adapter reads the Worker's bindings (c.env).
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { Hono } from "hono";
import { env } from "hono/adapter";
import { describe, expect, it } from "vitest";
import { type ClientCredentialsEnv, clientCredentials, type OccEvent } from "../../src/index.ts";
import { type Bindings, bindings, tokenRequests } from "./helpers.ts";

describe("inside workerd, configured by bindings", () => {
  it("clientCredentials() reads OAUTH_* bindings and fetches one token for three requests", async () => {
    const app = new Hono<{ Bindings: Bindings } & ClientCredentialsEnv>()
      .use(clientCredentials())
      .get("/data", (c) => c.var.occ.fetch(env<Bindings>(c).API_URL));
    const before = await tokenRequests();
    for (let i = 0; i < 3; i++) {
      const ctx = createExecutionContext();
      const res = await app.request("/data", {}, bindings, ctx);
      await waitOnExecutionContext(ctx);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, client_id: bindings.OAUTH_CLIENT_ID, scope: "read:data" });
    }
    expect((await tokenRequests()) - before).toBe(1);
  });

  it("lets (c) => options built from c.env win over the OAUTH_* bindings", async () => {
    type Custom = { MY_SCOPE: string };
    const events: OccEvent[] = [];
    const app = new Hono<{ Bindings: Bindings & Custom } & ClientCredentialsEnv>()
      .use(clientCredentials<{ Bindings: Bindings & Custom }>((c) => ({ scope: c.env.MY_SCOPE, onEvent: (e) => events.push(e) })))
      .get("/token", async (c) => c.json(await c.var.occ.getToken()));
    const res = await app.request("/token", {}, { ...bindings, MY_SCOPE: "write:data" }, createExecutionContext());
    expect(await res.json()).toMatchObject({ scope: "write:data" });
    expect(events.map((e) => e.type)).toEqual(["token_fetched"]);
  });

  it("throws OCC_INVALID_OPTIONS naming the missing bindings", async () => {
    let thrown: unknown;
    const app = new Hono()
      .use(clientCredentials())
      .get("/token", async (c) => c.json(await c.var.occ.getToken()))
      .onError((err, c) => {
        thrown = err;
        return c.text("failed", 500);
      });
    expect((await app.request("/token", {}, {}, createExecutionContext())).status).toBe(500);
    expect(thrown).toMatchObject({ code: "OCC_INVALID_OPTIONS", message: expect.stringMatching(/OAUTH_TOKEN_URL.*OAUTH_CLIENT_ID/) });
  });
});
