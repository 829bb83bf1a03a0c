// The example Worker under the real `wrangler dev`, as its users run it, against the real oidc-provider server and
// protected API of @occ/dev-server on this side.
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AuthServer, exampleEnv, type ProtectedApi, startAuthServer, startProtectedApi } from "@occ/dev-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { dryRunDeploy, type WranglerDev, wranglerDev } from "./wrangler.ts";

let auth: AuthServer;
let api: ProtectedApi;
let tmp: string;
const running: WranglerDev[] = [];
let runs = 0;

beforeAll(async () => {
  [auth, tmp] = await Promise.all([startAuthServer(), mkdtemp(join(tmpdir(), "occ-wrangler-"))]);
  api = await startProtectedApi({ issuer: auth.issuer, jwksUrl: auth.jwksUrl });
});
afterAll(async () => {
  await Promise.all(running.map((dev) => dev.stop()));
  await Promise.all([api?.close(), auth?.close()]);
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** `wrangler dev` of the example with the dev servers' addresses and `overrides` in its .dev.vars. */
async function dev(overrides: Record<string, string> = {}, persistTo = join(tmp, `kv-${runs}`)): Promise<WranglerDev> {
  const dir = await mkdtemp(join(tmp, `run-${runs++}-`));
  const started = await wranglerDev(dir, persistTo, exampleEnv(auth, api, overrides));
  running.push(started);
  return started;
}

/** wrangler relays the Worker's console a moment after the response: wait up to this long for a line. */
const LOGGED = { timeout: 10_000 };

/** The Worker's log lines that start with `[occ] <type>`. */
const occLines = (logs: string, type: string) => logs.split("\n").filter((line) => line.includes(`[occ] ${type}`));

describe("the example Worker under wrangler dev", () => {
  // One `wrangler dev` for the first isolate, and a second one on the same KV for a new isolate.
  const persistTo = () => join(tmp, "shared-kv");

  it("calls the protected API on each of 3 requests with exactly 1 token request; 404 elsewhere without one", async () => {
    const worker = await dev({}, persistTo());
    const before = auth.tokenRequests();
    for (let request = 0; request < 3; request++) {
      const response = await worker.fetch();
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ ok: true, client_id: auth.clients.basic.clientId, scope: "read:data" });
    }
    const notFound = await worker.fetch("/favicon.ico");
    expect(notFound.status).toBe(404);
    await notFound.body?.cancel();

    expect(auth.tokenRequests() - before).toBe(1);
    await vi.waitFor(() => expect(occLines(worker.logs(), "token_cached source=memory")).toHaveLength(2), LOGGED);
    expect(occLines(worker.logs(), "token_fetched background=false")).toHaveLength(1);
    await worker.stop();
  });

  it("takes the token from the OAUTH_TOKENS KV namespace in a new isolate: 0 token requests", async () => {
    const before = auth.tokenRequests();
    const second = await dev({}, persistTo());
    const response = await second.fetch();

    expect(response.status).toBe(200);
    await response.body?.cancel();
    expect(auth.tokenRequests()).toBe(before);
    await vi.waitFor(() => expect(occLines(second.logs(), "token_cached source=store")).toHaveLength(1), LOGGED);
  });

  it("answers a wrong secret with 502 and a generic body, and logs the detail without the secret", async () => {
    const wrongSecret = "wrong-s3cr+t/:%&= worker";
    const worker = await dev({ OAUTH_CLIENT_SECRET: wrongSecret });

    const response = await worker.fetch();

    expect(response.status).toBe(502);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ error: "token_unavailable" });
    await vi.waitFor(() => expect(worker.logs()).toContain("token unavailable: OAuthError OCC_OAUTH_ERROR invalid_client (HTTP 401)"), LOGGED);
    expect(occLines(worker.logs(), "token_failed code=OCC_OAUTH_ERROR")).toHaveLength(1);
    for (const text of [body, worker.logs()]) {
      expect(text).not.toContain(wrongSecret);
      expect(text).not.toContain(encodeURIComponent(wrongSecret));
    }
  });

  it("answers 500 when the secret is missing, and logs which variable and where to set it", async () => {
    const worker = await dev({ OAUTH_CLIENT_SECRET: "" });
    const response = await worker.fetch();
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "internal_error" });
    await vi.waitFor(() => expect(worker.logs()).toContain("missing OAUTH_CLIENT_SECRET. Under `wrangler dev` put secrets in .dev.vars"), LOGGED);
  });
});

describe("wrangler deploy --dry-run", () => {
  it("bundles the Worker as a deployment would", async () => {
    const outdir = join(tmp, "dry-run");
    const output = await dryRunDeploy(outdir);
    const size = (await stat(join(outdir, "worker.js"))).size;
    console.log(`wrangler deploy --dry-run: ${/Total Upload: .*/.exec(output)?.[0]}`);
    expect(output).toContain("env.OAUTH_TOKENS");
    // The README states the size; it must stay well under Workers' 3 MiB (free plan) limit.
    expect(size).toBeGreaterThan(0);
    expect(size).toBeLessThan(200 * 1024);
  });
});
