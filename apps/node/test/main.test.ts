// Runs the job as users do, `node src/main.ts` with OAUTH_* variables, against the real oidc-provider server.
import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { fileURLToPath } from "node:url";
import { type AuthServer, type DemoClient, exampleEnv, type ProtectedApi, startAuthServer, startProtectedApi } from "@occ/dev-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));

// A private_key_jwt client: the server holds the public key, the job signs assertions with OAUTH_PRIVATE_KEY.
const signingKey = generateKeyPairSync("ec", { namedCurve: "P-256" });
const KEY_ID = "job-key-1";
const keyClient: DemoClient = {
  clientId: "occ:node-job-key",
  authMethod: "private_key_jwt",
  scope: "read:data",
  jwks: { keys: [{ ...signingKey.publicKey.export({ format: "jwk" }), kid: KEY_ID }] },
};

let auth: AuthServer;
let api: ProtectedApi;

beforeAll(async () => {
  auth = await startAuthServer({ clients: [keyClient] });
  api = await startProtectedApi({ issuer: auth.issuer, jwksUrl: auth.jwksUrl });
});
afterAll(async () => {
  await Promise.all([api?.close(), auth?.close()]);
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    // Only what the job needs: a developer's own OAUTH_* variables must not leak in.
    const childEnv = { PATH: process.env.PATH ?? "", ...env };
    execFile(process.execPath, [main, ...args], { env: childEnv }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

function basicEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return exampleEnv(auth, api, overrides);
}

describe("the Node job", () => {
  it("gets one token and calls the protected API with it on every loop", async () => {
    const before = auth.tokenRequests();
    const result = await run(["--loop", "3", "--interval", "0.01"], basicEnv());

    expect(result.code).toBe(0);
    const answers = result.stdout.trim().split("\n");
    expect(answers).toHaveLength(3);
    for (const answer of answers) {
      expect(answer).toMatch(/-> 200 /);
      expect(JSON.parse(answer.slice(answer.indexOf("{")))).toMatchObject({ ok: true, client_id: "occ:basic", scope: "read:data" });
    }
    expect(auth.tokenRequests() - before).toBe(1);
    expect(result.stderr).toMatch(/^\[occ\] token_fetched background=false attempts=1 /m);
    expect(result.stderr.match(/\[occ\] token_cached source=memory/g)).toHaveLength(2);
  });

  it("discovers the token endpoint from OAUTH_ISSUER", async () => {
    const { OAUTH_TOKEN_URL: _, ...env } = basicEnv();
    const result = await run([], { ...env, OAUTH_ISSUER: auth.issuer });

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/-> 200 /);
    expect(result.stderr).toContain(`tokenUrl=${auth.tokenUrl}`);
    expect(result.stderr).toMatch(/^\[occ\] discovered issuer=/m);
  });

  it("reports a wrong secret as OAuthError invalid_client, HTTP 401, without the secret", async () => {
    const wrongSecret = "wrong-s3cr+t/:%&= with spaces";
    const result = await run([], basicEnv({ OAUTH_CLIENT_SECRET: wrongSecret }));

    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("error: OAuthError invalid_client (HTTP 401)");
    // Basic, then client_secret_post once (form-encoding changed the secret): one failure, and a pause after it.
    expect(result.stderr).toMatch(/^\[occ\] token_failed background=false attempts=2 served=false code=OCC_OAUTH_ERROR retryIn=\d+s: /m);
    const output = result.stdout + result.stderr;
    expect(output).not.toContain(wrongSecret);
    expect(output).not.toContain(encodeURIComponent(wrongSecret));
    expect(output).not.toContain(auth.clients.basic.clientSecret);
  });

  it("signs a private_key_jwt assertion with OAUTH_PRIVATE_KEY and OAUTH_PRIVATE_KEY_ID", async () => {
    const pem = signingKey.privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    const { OAUTH_CLIENT_SECRET: _, ...env } = basicEnv({ OAUTH_CLIENT_ID: keyClient.clientId, OAUTH_PRIVATE_KEY: pem, OAUTH_PRIVATE_KEY_ID: KEY_ID });
    const result = await run([], env);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.slice(result.stdout.indexOf("{")))).toMatchObject({ ok: true, client_id: keyClient.clientId });
    const body = pem.replace(/-----[A-Z ]+-----|\s/g, "");
    expect(result.stdout + result.stderr).not.toContain(body.slice(40, 80));
  });

  it("keeps working through a secret rotation: the previous secret is tried after the new one is refused", async () => {
    const result = await run([], basicEnv({ OAUTH_CLIENT_SECRET: "not-yet-registered", OAUTH_CLIENT_SECRET_PREVIOUS: auth.clients.basic.clientSecret }));

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/-> 200 /);
    expect(result.stderr).toMatch(/^\[occ\] credentials_switched method=client_secret_basic secretIndex=1$/m);
    expect(result.stderr).not.toContain("not-yet-registered");
  });

  it("names every missing variable, and no value", async () => {
    const result = await run([], { API_URL: `${api.url}/data`, OAUTH_CLIENT_SECRET: "only-the-secret" });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("OCC_INVALID_OPTIONS");
    expect(result.stderr).toContain("OAUTH_TOKEN_URL (or OAUTH_ISSUER)");
    expect(result.stderr).toContain("OAUTH_CLIENT_ID");
    expect(result.stderr).not.toContain("only-the-secret");
  });

  it("fails with a non-zero exit code when the API refuses", async () => {
    const result = await run([], basicEnv({ API_URL: `${api.url}/nowhere` }));

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/-> 404 /);
  });

  it("explains a bad flag", async () => {
    const result = await run(["--loop", "zero"], basicEnv());

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--loop must be a positive number");
  });
});
