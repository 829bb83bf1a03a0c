// The Worker in workerd (Miniflare) against the real oidc-provider server, which runs here on the Node side.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type AuthServer, exampleEnv, type ProtectedApi, startAuthServer, startProtectedApi } from "@occ/dev-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bundleWorker, type LocalWorker, startLocalWorker, type WorkerBundle } from "@occ/dev-server/local-worker";

const appFile = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

let auth: AuthServer;
let api: ProtectedApi;
let bundle: WorkerBundle;
let kvDir: string;
const workers: LocalWorker[] = [];

beforeAll(async () => {
  [auth, bundle, kvDir] = await Promise.all([startAuthServer(), bundleWorker(appFile("src/worker.ts"), appFile("wrangler.toml")), mkdtemp(join(tmpdir(), "occ-worker-kv-"))]);
  api = await startProtectedApi({ issuer: auth.issuer, jwksUrl: auth.jwksUrl });
});
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.dispose()));
  await Promise.all([api?.close(), auth?.close()]);
  if (kvDir) await rm(kvDir, { recursive: true, force: true });
});

async function worker(overrides: Record<string, string> = {}, kvPersist = kvDir): Promise<LocalWorker> {
  const started = await startLocalWorker(bundle, {
    kvNamespaces: ["OAUTH_TOKENS"],
    kvPersist,
    bindings: exampleEnv(auth, api, overrides),
  });
  workers.push(started);
  return started;
}

describe("the example Worker", () => {
  it("calls the protected API on every request with one token for the isolate", async () => {
    const local = await worker();
    const before = auth.tokenRequests();

    for (let request = 0; request < 3; request++) {
      const response = await local.fetch();
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ ok: true, client_id: "occ:basic", scope: "read:data" });
    }

    expect(auth.tokenRequests() - before).toBe(1);
    await vi.waitFor(() => expect(local.logs().match(/\[occ\] token_cached source=memory/g)).toHaveLength(2));
    expect(local.logs().match(/\[occ\] token_fetched background=false/g)).toHaveLength(1);
  });

  it("lets a new isolate reuse the token from the OAUTH_TOKENS KV namespace", async () => {
    const first = await worker();
    expect((await first.fetch()).status).toBe(200);
    const before = auth.tokenRequests();

    const second = await worker();
    const response = await second.fetch();

    expect(response.status).toBe(200);
    await response.body?.cancel();
    expect(auth.tokenRequests()).toBe(before);
    await vi.waitFor(() => expect(second.logs()).toContain("[occ] token_cached source=store"));
  });

  it("answers 502 invalid_client for a wrong secret and logs the OAuthError without the secret", async () => {
    const wrongSecret = "wrong-s3cr+t/:%&= worker";
    // Its own KV: the store key leaves the secret out, so a token the right secret put in KV would be served.
    const local = await worker({ OAUTH_CLIENT_SECRET: wrongSecret }, join(kvDir, "wrong-secret"));

    const response = await local.fetch();

    expect(response.status).toBe(502);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ error: "token_unavailable", code: "OCC_OAUTH_ERROR", oauthError: "invalid_client" });
    await vi.waitFor(() => expect(local.logs()).toContain("token request failed: OAuthError OCC_OAUTH_ERROR invalid_client (HTTP 401)"));
    for (const text of [body, local.logs()]) {
      expect(text).not.toContain(wrongSecret);
      expect(text).not.toContain(encodeURIComponent(wrongSecret));
    }
  });

  it("answers 404 outside its one route, without asking for a token", async () => {
    const local = await worker();
    const before = auth.tokenRequests();

    const response = await local.fetch("/favicon.ico");

    expect(response.status).toBe(404);
    await response.body?.cancel();
    expect(auth.tokenRequests()).toBe(before);
  });
});
