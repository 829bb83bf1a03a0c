// The service in a real Deno process against the real oidc-provider server, which runs here on the Node side.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AuthServer, exampleEnv, type ProtectedApi, startAuthServer, startProtectedApi } from "@occ/dev-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type DenoService, startDenoService } from "./deno-service.ts";

let auth: AuthServer;
let api: ProtectedApi;
let tmp: string;
const services: DenoService[] = [];

beforeAll(async () => {
  [auth, tmp] = await Promise.all([startAuthServer(), mkdtemp(join(tmpdir(), "occ-deno-app-"))]);
  api = await startProtectedApi({ issuer: auth.issuer, jwksUrl: auth.jwksUrl });
});
afterAll(async () => {
  await Promise.all(services.map((service) => service.stop()));
  await Promise.all([api?.close(), auth?.close()]);
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function service(kvFile: string, overrides: Record<string, string> = {}): Promise<DenoService> {
  const started = await startDenoService(exampleEnv(auth, api, { KV_PATH: join(tmp, kvFile), ...overrides }));
  services.push(started);
  return started;
}

describe("the Deno service", () => {
  it("calls the protected API on every request with one token, then a restart takes it from Deno KV", async () => {
    const before = auth.tokenRequests();
    const first = await service("shared.sqlite");
    for (let request = 0; request < 3; request++) {
      const response = await fetch(first.url);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ ok: true, client_id: "occ:basic", scope: "read:data" });
    }
    expect(auth.tokenRequests() - before).toBe(1);
    await vi.waitFor(() => expect(first.output().match(/\[occ\] token_cached source=memory/g)).toHaveLength(2));
    expect(first.output().match(/\[occ\] token_fetched background=false/g)).toHaveLength(1);
    // Deno KV's lease: of every process on this database, this one refreshes.
    expect(first.output().match(/\[occ\] lease outcome=acquired/g)).toHaveLength(1);
    await first.stop();

    const restarted = await service("shared.sqlite");
    const response = await fetch(restarted.url);
    expect(response.status).toBe(200);
    await response.body?.cancel();
    expect(auth.tokenRequests() - before).toBe(1);
    await vi.waitFor(() => expect(restarted.output()).toContain("[occ] token_cached source=store"));
  });

  it("answers 502 invalid_client for a wrong secret and logs the OAuthError without the secret", async () => {
    const wrongSecret = "wrong-s3cr+t/:%&= deno";
    const local = await service("wrong-secret.sqlite", { OAUTH_CLIENT_SECRET: wrongSecret });

    const response = await fetch(local.url);

    expect(response.status).toBe(502);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ error: "token_unavailable", code: "OCC_OAUTH_ERROR", oauthError: "invalid_client" });
    await vi.waitFor(() => expect(local.output()).toContain("token request failed: OAuthError OCC_OAUTH_ERROR invalid_client (HTTP 401)"));
    for (const text of [body, local.output()]) {
      expect(text).not.toContain(wrongSecret);
      expect(text).not.toContain(encodeURIComponent(wrongSecret));
    }
  });

  it("refuses to start without API_URL", async () => {
    await expect(service("unused.sqlite", { API_URL: "" })).rejects.toThrow(/API_URL is not set/);
  });
});
