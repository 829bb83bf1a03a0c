// Configuration through hono/adapter's env(c): on Node that is process.env (c.env holds no variables there).
import { INVALID_OPTIONS, OccError } from "@occ/core";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { type ClientCredentialsEnv, clientCredentials, type HonoClientOptions, type HonoClientOptionsFactory } from "../../src/index.ts";
import { oauthEnv, stubEnv, useServers } from "./servers.ts";

const servers = useServers();

function dataApp(options?: HonoClientOptions | HonoClientOptionsFactory) {
  const thrown: unknown[] = [];
  const app = new Hono<ClientCredentialsEnv>()
    .use(clientCredentials(options))
    .get("/data", async (c) => {
      const res = await c.var.occ.fetch(`${servers.api.url}/data`);
      return c.json((await res.json()) as object, res.status as 200);
    })
    .onError((err, c) => {
      thrown.push(err);
      return c.text("failed", 500);
    });
  const data = async () => {
    const res = await app.request("/data");
    return { status: res.status, body: res.status === 200 ? ((await res.json()) as { client_id: string; scope: string }) : undefined };
  };
  return { data, thrown };
}

describe("clientCredentials() configured by OAUTH_* variables through env(c)", () => {
  it("reads them from process.env on Node and fetches one token for three requests", async () => {
    stubEnv({ ...oauthEnv(servers.auth, servers.auth.clients.basic), OAUTH_SCOPE: "read:data" });
    const { data } = dataApp();
    for (let i = 0; i < 3; i++) {
      expect(await data()).toEqual({ status: 200, body: expect.objectContaining({ client_id: "occ:basic", scope: "read:data" }) });
    }
    expect(servers.auth.tokenRequests()).toBe(1);
    expect(servers.api.requests()).toBe(3);
  });

  it("lets explicit options win over the variables", async () => {
    stubEnv({ ...oauthEnv(servers.auth, servers.auth.clients.basic), OAUTH_SCOPE: "write:data" });
    const { data } = dataApp({ scope: "read:data" });
    expect((await data()).body).toMatchObject({ client_id: "occ:basic", scope: "read:data" });
  });

  it("lets (c) => options win, the variables filling what it leaves out", async () => {
    stubEnv({ ...oauthEnv(servers.auth, servers.auth.clients.basic), OAUTH_SCOPE: "read:data" });
    const { post } = servers.auth.clients;
    const { data } = dataApp(() => ({ clientId: post.clientId, clientSecret: post.clientSecret }));
    expect((await data()).body).toMatchObject({ client_id: "occ:post", scope: "read:data" });
  });

  it("signs private_key_jwt assertions from OAUTH_PRIVATE_KEY and OAUTH_PRIVATE_KEY_ID", async () => {
    const { keyClient } = servers;
    stubEnv({
      OAUTH_TOKEN_URL: servers.auth.tokenUrl,
      OAUTH_CLIENT_ID: keyClient.clientId,
      OAUTH_PRIVATE_KEY: keyClient.pem,
      OAUTH_PRIVATE_KEY_ID: keyClient.kid,
      OAUTH_SCOPE: "read:data",
    });
    const { data } = dataApp();
    expect(await data()).toEqual({ status: 200, body: expect.objectContaining({ client_id: keyClient.clientId }) });
    expect(await data()).toMatchObject({ status: 200 });
    expect(servers.auth.tokenRequests()).toBe(1);
  });

  it("discovers the token endpoint from OAUTH_ISSUER", async () => {
    const { OAUTH_TOKEN_URL: _, ...rest } = oauthEnv(servers.auth, servers.auth.clients.simple);
    stubEnv({ ...rest, OAUTH_ISSUER: servers.auth.issuer, OAUTH_SCOPE: "read:data" });
    const { data } = dataApp();
    expect((await data()).body).toMatchObject({ client_id: "occ-simple" });
  });

  it("throws OCC_INVALID_OPTIONS from the middleware naming every missing variable, and asks for no token", async () => {
    const { data, thrown } = dataApp();
    expect((await data()).status).toBe(500);
    expect(thrown).toHaveLength(1);
    const err = thrown[0] as OccError;
    expect(err).toBeInstanceOf(OccError);
    expect(err.code).toBe(INVALID_OPTIONS);
    for (const name of ["OAUTH_TOKEN_URL", "OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET"]) expect(err.message).toContain(name);
    expect(servers.auth.tokenRequests()).toBe(0);
  });

  it("refuses arguments that are not options when the middleware is made", () => {
    expect(() => clientCredentials("https://idp.example/token" as never)).toThrow(expect.objectContaining({ code: INVALID_OPTIONS }));
    expect(() => clientCredentials({}, { onError: "log" as never })).toThrow(/onError must be a function/);
  });
});
