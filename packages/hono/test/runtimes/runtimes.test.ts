// test/runtimes/app.ts served by Node (@hono/node-server), Bun (Bun.serve) and Deno (Deno.serve), each its own
// process with the real binary, against the servers running here.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningServer, type ServerRuntime, startServer } from "./processes.ts";
import { oauthVariables, useServers } from "./servers.ts";

const servers = useServers();
const appModule = join(import.meta.dirname, "app.ts");
let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), "occ-hono-runtimes-"));
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

/** GET /inline/token with the client's options in the request. */
function inlineToken(server: RunningServer, tokenUrl: string, clientId: string, secret: string): Promise<Response> {
  const query = new URLSearchParams({ tokenUrl, clientId });
  return fetch(`${server.url}/inline/token?${query}`, { headers: { "x-client-secret": secret } });
}
const tokenOf = async (res: Response) => {
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
};

describe.each<ServerRuntime>(["node", "bun", "deno"])("served on %s", (runtime) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(runtime, appModule, { env: { ...oauthVariables(servers), API_URL: `${servers.api.url}/data` }, cwd });
  });
  afterAll(() => server?.stop());

  it("clientCredentials() reads OAUTH_* from the environment: one token for three requests", async () => {
    const before = servers.auth.tokenRequests();
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${server.url}/env/data`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, client_id: "occ:basic", scope: "read:data" });
    }
    expect(servers.auth.tokenRequests() - before).toBe(1);
  });

  it("makes exactly 1 token request for 20 requests with inline per-request options", async () => {
    const { clientId, clientSecret } = servers.auth.clients.simple;
    const get = () => inlineToken(server, servers.auth.tokenUrl, clientId, clientSecret);
    const before = servers.auth.tokenRequests();
    const tokens = await Promise.all(Array.from({ length: 10 }, async () => tokenOf(await get())));
    for (let i = 0; i < 10; i++) tokens.push(await tokenOf(await get()));
    expect(new Set(tokens).size).toBe(1);
    expect(servers.auth.tokenRequests() - before).toBe(1);
  });

  it("gets a new client, and a new token, when the secret is rotated", async () => {
    const id = `rotation-${runtime}`;
    const tokenUrl = `${servers.faults.url}/secrets/${id}`;
    servers.faults.setCredentials(id, { clientId: "rotating", clientSecrets: ["secret-one"] });
    expect(await tokenOf(await inlineToken(server, tokenUrl, "rotating", "secret-one"))).toBe("tok-1");
    expect(await tokenOf(await inlineToken(server, tokenUrl, "rotating", "secret-one"))).toBe("tok-1");
    servers.faults.setCredentials(id, { clientId: "rotating", clientSecrets: ["secret-two"] });
    expect(await tokenOf(await inlineToken(server, tokenUrl, "rotating", "secret-two"))).toBe("tok-2");
    expect(servers.faults.count("secrets", id)).toBe(2);
  });

  it("answers 502 to a refused secret and logs one line with the code, without the secret", async () => {
    const wrong = `wrong-${runtime}-s3cr+t/:%&=`;
    const res = await inlineToken(server, servers.auth.tokenUrl, servers.auth.clients.simple.clientId, wrong);
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ error: "bad_gateway" });
    await vi.waitFor(() => expect(server.output()).toMatch(/^\[occ\] token_failed OCC_OAUTH_ERROR: .*invalid_client.*\(attempts=/m));
    expect(server.output().match(/^\[occ\] /gm)).toHaveLength(1);
    for (const secret of [wrong, encodeURIComponent(wrong)]) expect(server.output()).not.toContain(secret);
  });
});

describe("served on deno without --allow-env", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer("deno", appModule, { env: oauthVariables(servers), cwd, deno: { env: false } });
  });
  afterAll(() => server?.stop());

  it("works with the token URL, client id and secret passed in code", async () => {
    const { clientId, clientSecret } = servers.auth.clients.simple;
    await tokenOf(await inlineToken(server, servers.auth.tokenUrl, clientId, clientSecret));
  });

  it("says to add --allow-env when a required variable is left to the environment", async () => {
    expect((await fetch(`${server.url}/env/data`)).status).toBe(500);
    await vi.waitFor(() => expect(server.output()).toMatch(/missing OAUTH_TOKEN_URL.*OAUTH_CLIENT_ID.*--allow-env[\s\S]*OCC_INVALID_OPTIONS/));
  });
});
