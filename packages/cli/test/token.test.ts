/** `occ token` against the local authorization server (oidc-provider) and the fault server. */
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AuthServer, type FaultServer, startAuthServer, startFaultServer } from "@occ/dev-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimsOf, closedPort, JWT_PATTERN, runCli } from "./run-cli.ts";

let auth: AuthServer;
let faults: FaultServer;
beforeAll(async () => {
  [auth, faults] = await Promise.all([startAuthServer({ accessTokenTtl: 300 }), startFaultServer()]);
});
afterAll(async () => {
  await Promise.all([auth?.close(), faults?.close()]);
});

function basicEnv(): Record<string, string> {
  const demo = auth.clients.basic;
  return { OAUTH_TOKEN_URL: auth.tokenUrl, OAUTH_CLIENT_ID: demo.clientId, OAUTH_CLIENT_SECRET: demo.clientSecret };
}

describe("a token", () => {
  it("shows type, scope, expiry and the JWT's header and claims — not the token", async () => {
    const run = await runCli(["token"], basicEnv());
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^type\s+Bearer$/m);
    expect(run.stdout).toMatch(/^scope\s+read:data write:data$/m);
    expect(run.stdout).toMatch(/^expires\s+\d{4}-\d\d-\d\dT[\d:.]+Z \(in [45] min/m);
    expect(run.stdout).toMatch(/^format\s+JWT, RS256/m);
    expect(run.stdout).toMatch(/^ {2}typ\s+at\+jwt$/m);
    expect(run.stdout).toMatch(/^ {2}client_id\s+occ:basic$/m);
    expect(run.stdout).toMatch(/^ {2}exp\s+\d+ {2}\d{4}-.*\(in [45] min/m);
    expect(run.stdout).not.toMatch(JWT_PATTERN);
    expect(auth.tokenRequests()).toBeGreaterThan(0);
  });

  it("--json gives scripts one object with the same facts", async () => {
    const run = await runCli(["token", "--json"], basicEnv());
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report).sort()).toEqual(["endpoint", "expiresAt", "expiresIn", "format", "jwt", "scope", "tokenType"]);
    expect(report).toMatchObject({ endpoint: auth.tokenUrl, tokenType: "Bearer", scope: "read:data write:data", format: "jwt" });
    expect(report.expiresIn).toBeGreaterThan(290);
    expect(report.expiresIn).toBeLessThanOrEqual(300);
    expect(Date.parse(report.expiresAt)).toBeGreaterThan(Date.now());
    expect(report.jwt.header).toMatchObject({ alg: "RS256", typ: "at+jwt" });
    expect(report.jwt.claims).toMatchObject({ client_id: "occ:basic", iss: auth.issuer });
    expect(run.stdout).not.toMatch(JWT_PATTERN);
  });

  it("--print prints only the token and a newline, for $(occ token --print)", async () => {
    const run = await runCli(["token", "--print"], basicEnv());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(claimsOf(run.stdout.trim())).toMatchObject({ client_id: "occ:basic", iss: auth.issuer });
    expect(run.stderr).toBe("");
  });

  it("says an opaque token is opaque", async () => {
    const run = await runCli(["token", "--json"], { OAUTH_TOKEN_URL: `${faults.url}/ok/cli-opaque`, OAUTH_CLIENT_ID: "c", OAUTH_CLIENT_SECRET: "s" });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ format: "opaque", jwt: null, expiresIn: 3600 });
    const human = await runCli(["token"], { OAUTH_TOKEN_URL: `${faults.url}/ok/cli-opaque-2`, OAUTH_CLIENT_ID: "c", OAUTH_CLIENT_SECRET: "s" });
    expect(human.stdout).toMatch(/^format\s+opaque/m);
    expect(human.stdout).not.toContain("tok-");
  });

  it("takes flags instead of variables, the secret from a file", async () => {
    const demo = auth.clients.post;
    const file = join(tmpdir(), `occ-cli-secret-${process.pid}`);
    await writeFile(file, `${demo.clientSecret}\n`, { mode: 0o600 });
    const run = await runCli([
      "token", "--json", "--token-url", auth.tokenUrl, "--client-id", demo.clientId,
      "--client-secret-file", file, "--auth-method", "client_secret_post", "--scope", "read:data",
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ scope: "read:data", jwt: { claims: { client_id: demo.clientId } } });
  });

  it("warns that --client-secret is discouraged, on stderr so --print stays clean", async () => {
    const demo = auth.clients.simple;
    const run = await runCli(["token", "--print", "--token-url", auth.tokenUrl, "--client-id", demo.clientId, "--client-secret", demo.clientSecret]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^warning: --client-secret leaves the secret in your shell history/);
    expect(run.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  });

  it("discovers the token endpoint from OAUTH_ISSUER", async () => {
    const demo = auth.clients.simple;
    const run = await runCli(["token", "--json"], { OAUTH_ISSUER: auth.issuer, OAUTH_CLIENT_ID: demo.clientId, OAUTH_CLIENT_SECRET: demo.clientSecret });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      endpoint: `${auth.tokenUrl} (discovered from ${new URL(auth.issuer).origin}/)`,
      jwt: { claims: { iss: auth.issuer } },
    });
  });
});

describe("after a refusal occ recovered from", () => {
  it("a rotation the server has not caught up with: the token, and a note on stderr", async () => {
    faults.setCredentials("cli-token-rotation", { clientId: "reports", clientSecrets: ["old-secret-1"] });
    const run = await runCli(["token", "--print"], {
      OAUTH_TOKEN_URL: `${faults.url}/secrets/cli-token-rotation`,
      OAUTH_CLIENT_ID: "reports",
      OAUTH_CLIENT_SECRET: "new-secret-2",
      OAUTH_CLIENT_SECRET_PREVIOUS: "old-secret-1",
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^tok-\d+\n$/);
    expect(run.stderr).toMatch(/^note: the server refused OAUTH_CLIENT_SECRET and accepted OAUTH_CLIENT_SECRET_PREVIOUS: register the new secret/);
    expect(run.stdout + run.stderr).not.toMatch(/old-secret-1|new-secret-2/);
  });

  it("a server that does not form-decode Basic credentials: the token, and advice to name client_secret_post", async () => {
    faults.setCredentials("cli-token-basic-raw", { clientId: "reports", clientSecrets: ["pa:ss+word"] });
    const run = await runCli(["token", "--json"], { OAUTH_TOKEN_URL: `${faults.url}/basic-raw/cli-token-basic-raw`, OAUTH_CLIENT_ID: "reports", OAUTH_CLIENT_SECRET: "pa:ss+word" });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ tokenType: "Bearer", format: "opaque" });
    expect(run.stderr).toBe("note: the server refused the form-encoded Basic credentials and accepted client_secret_post: set OAUTH_AUTH_METHOD=client_secret_post to skip the refused request.\n");
  });
});

describe("failures", () => {
  it("a wrong secret: exit 1, the server's refusal and a hint, and never the secret", async () => {
    const secret = "Wr0ng-S3cret:with+specials";
    const run = await runCli(["token"], { ...basicEnv(), OAUTH_CLIENT_SECRET: secret });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    // occ's default: Basic, then client_secret_post once, since form-encoding changed this secret; both refused.
    expect(run.stderr).toMatch(/^occ token: http:\/\/127\.0\.0\.1:\d+\/token refused client "occ:basic" \(client_secret_basic, client_secret_post\): 401 invalid_client/);
    expect(run.stderr).toMatch(/^hint: The server refused the client credentials\..*client_secret_post.*occ doctor/m);
    for (const form of [secret, encodeURIComponent(secret), "Wr0ng-S3cret"]) expect(run.stdout + run.stderr).not.toContain(form);
  });

  it("--json reports the failure as an object too", async () => {
    const run = await runCli(["token", "--json"], { ...basicEnv(), OAUTH_CLIENT_SECRET: "another-wrong-one" });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      error: { code: "OCC_OAUTH_ERROR", status: 401, message: expect.stringContaining("invalid_client"), hint: expect.any(String) },
    });
  });

  it("an unreachable endpoint: exit 3 and the network reason", async () => {
    const port = await closedPort();
    const run = await runCli(["token"], { OAUTH_TOKEN_URL: `http://127.0.0.1:${port}/token`, OAUTH_CLIENT_ID: "c", OAUTH_CLIENT_SECRET: "s" });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`occ token: Request to http://127.0.0.1:${port}/token failed`);
    expect(run.stderr).toMatch(/^hint: Could not reach the endpoint \(ECONNREFUSED\)/m);
  });

  it("missing configuration: exit 2, naming every missing variable", async () => {
    const run = await runCli(["token"], { OAUTH_SCOPE: "read:data" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("occ: missing OAUTH_TOKEN_URL (or OAUTH_ISSUER), OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET");
  });

  it.each([
    [["token", "--auth-method", "private_key_jwt"], /--auth-method must be one of client_secret_basic, client_secret_post, none/],
    [["token", "--print", "--json"], /--print and --json exclude each other/],
    [["token", "--token-url"], /argument missing/],
    [["token", "--no-such-flag"], /Unknown option '--no-such-flag'/],
    [["tokens"], /Unknown command 'tokens'/],
    [[], /Missing command/],
    [["token", "--client-secret-file", "/nonexistent/secret"], /Cannot read --client-secret-file \/nonexistent\/secret: ENOENT/],
  ])("usage error %j: exit 2", async (args, message) => {
    const run = await runCli(args, basicEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe("");
  });

  it("an http: endpoint off loopback: exit 2, nothing sent", async () => {
    const run = await runCli(["token"], { ...basicEnv(), OAUTH_TOKEN_URL: "http://idp.example.com/token" });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/uses http: on a non-loopback host/);
    expect(run.stderr).toMatch(/^hint: occ speaks plain http: only to loopback addresses/m);
  });
});

describe("help", () => {
  it("documents the exit codes and discourages --client-secret", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Exit codes:\n {2}0 {2}ok.*\n {2}1 {2}.*refused.*\n {2}2 {2}usage or configuration error.*\n {2}3 {2}network/m);
    expect(run.stdout).toMatch(/--client-secret SECRET\s+discouraged/);
  });

  it("--version prints the package version", async () => {
    const run = await runCli(["--version"]);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
