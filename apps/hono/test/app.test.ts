// The one Hono app on four runtimes — Node (@hono/node-server), Bun (Bun.serve), Deno (Deno.serve) and workerd
// (Miniflare) — against the real oidc-provider server running here. Each reads its configuration with env(c).
import { type AuthServer, exampleEnv, type ProtectedApi, startAuthServer, startProtectedApi } from "@occ/dev-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningApp, type ServerRuntime, startServer, startWorker } from "./processes.ts";

let auth: AuthServer;
let api: ProtectedApi;
const running: RunningApp[] = [];

beforeAll(async () => {
  auth = await startAuthServer();
  api = await startProtectedApi({ issuer: auth.issuer, jwksUrl: auth.jwksUrl });
});
afterAll(async () => {
  await Promise.all(running.map((app) => app.stop()));
  await Promise.all([api?.close(), auth?.close()]);
});

function config(overrides: Record<string, string> = {}): Record<string, string> {
  return exampleEnv(auth, api, overrides);
}

const expectedAnswer = { ok: true, client_id: "occ:basic", scope: "read:data" };

describe.each<ServerRuntime>(["node", "bun", "deno"])("the Hono app on %s", (runtime) => {
  it("calls the protected API on every request with one token", async () => {
    const server = await startServer(runtime, config());
    running.push(server);
    const before = auth.tokenRequests();

    for (let request = 0; request < 3; request++) {
      const response = await fetch(server.url);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject(expectedAnswer);
    }

    expect(auth.tokenRequests() - before).toBe(1);
    await vi.waitFor(() => expect(server.output().match(/^\[occ\] token_cached source=memory/gm)).toHaveLength(2));
  });

  it("answers 502 for a wrong secret and logs token_failed invalid_client without the secret", async () => {
    const wrongSecret = "wrong-s3cr+t/:%&= hono";
    const server = await startServer(runtime, config({ OAUTH_CLIENT_SECRET: wrongSecret }));
    running.push(server);

    const response = await fetch(server.url);

    expect(response.status).toBe(502);
    const body = await response.text();
    expect(JSON.parse(body)).toMatchObject({ error: "bad_gateway" });
    await vi.waitFor(() => expect(server.output()).toMatch(/^\[occ\] token_failed background=false served=false attempts=\d+ code=OCC_OAUTH_ERROR: .*invalid_client/m));
    for (const text of [body, server.output()]) {
      expect(text).not.toContain(wrongSecret);
      expect(text).not.toContain(encodeURIComponent(wrongSecret));
    }
  });
});

describe("the same Hono app as a Worker", () => {
  it("calls the protected API on every request with one token", async () => {
    const worker = await startWorker(config());
    running.push(worker);
    const before = auth.tokenRequests();

    for (let request = 0; request < 3; request++) {
      const response = await worker.fetch();
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject(expectedAnswer);
    }

    expect(auth.tokenRequests() - before).toBe(1);
  });
});
