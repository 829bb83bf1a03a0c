import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AuthServer, startAuthServer } from "@occ/dev-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ASSERTION_FAILED, clientAssertionFile, createClient, OccError, privateKeyJwt } from "../src/index.ts";

const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const PEM = privateKey.export({ type: "pkcs8", format: "pem" }) as string;
const CLIENT_ID = "occ:node-key";

let auth: AuthServer;
let dir: string;
beforeAll(async () => {
  auth = await startAuthServer({
    clients: [{ clientId: CLIENT_ID, authMethod: "private_key_jwt", authSigningAlg: "ES256", scope: "read:data", jwks: { keys: [{ ...publicKey.export({ format: "jwk" }), kid: "k1" }] } }],
  });
  dir = await mkdtemp(join(tmpdir(), "occ-assertion-"));
});
afterAll(() => auth.close());

/** A signed assertion, as whatever rotates the file would write it. */
const assertion = () => privateKeyJwt(PEM, { kid: "k1" })({ tokenUrl: auth.tokenUrl, clientId: CLIENT_ID });

describe("key-based credentials from the environment", () => {
  it("OAUTH_PRIVATE_KEY and OAUTH_PRIVATE_KEY_ID sign private_key_jwt assertions the server accepts", async () => {
    auth.resetCounters();
    const client = createClient({ env: { OAUTH_TOKEN_URL: auth.tokenUrl, OAUTH_CLIENT_ID: CLIENT_ID, OAUTH_PRIVATE_KEY: PEM, OAUTH_PRIVATE_KEY_ID: "k1" } });
    await expect(client.getToken()).resolves.toMatchObject({ tokenType: "Bearer" });
    await expect(client.getToken({ forceRefresh: true })).resolves.toMatchObject({ tokenType: "Bearer" });
    expect(auth.tokenRequests()).toBe(2);
  });

  it("a malformed OAUTH_PRIVATE_KEY is refused at creation without echoing it", () => {
    const error = (() => {
      try {
        createClient({ env: { OAUTH_TOKEN_URL: auth.tokenUrl, OAUTH_CLIENT_ID: CLIENT_ID, OAUTH_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nAAAAsecretish\n-----END PRIVATE KEY-----" } });
      } catch (e) {
        return e as OccError;
      }
    })();
    expect(error).toBeInstanceOf(OccError);
    expect(error!.message).toContain("OAUTH_PRIVATE_KEY");
    expect(error!.message).not.toContain("secretish");
  });
});

describe("an assertion file rotated under the client", () => {
  it("is read for each token request: the second request uses the new content", async () => {
    const file = join(dir, "token");
    await writeFile(file, `${await assertion()}\n`);
    const client = createClient({ env: { OAUTH_TOKEN_URL: auth.tokenUrl, OAUTH_CLIENT_ID: CLIENT_ID, OAUTH_CLIENT_ASSERTION_FILE: file } });
    await client.getToken();
    // The server refuses a replayed assertion (jti), so the second token proves the file was read again.
    await writeFile(file, await assertion());
    await expect(client.getToken({ forceRefresh: true })).resolves.toMatchObject({ tokenType: "Bearer" });
  });

  it("the same file content twice is refused by the server, which is why rereading matters", async () => {
    const file = join(dir, "stale");
    await writeFile(file, await assertion());
    const client = createClient({ tokenUrl: auth.tokenUrl, clientId: CLIENT_ID, clientAssertion: clientAssertionFile(file), retries: 0 });
    await client.getToken();
    let time = Date.now() + 120_000;
    const later = createClient({ tokenUrl: auth.tokenUrl, clientId: CLIENT_ID, clientAssertion: clientAssertionFile(file), retries: 0, now: () => time++ });
    await expect(later.getToken()).rejects.toMatchObject({ error: "invalid_client" });
  });

  it.each([
    ["missing", async () => join(dir, "nope"), "cannot be read"],
    ["empty", async () => (await writeFile(join(dir, "empty"), "  \n"), join(dir, "empty")), "is empty"],
    ["a directory", async () => (await mkdir(join(dir, "a-dir"), { recursive: true }), join(dir, "a-dir")), "cannot be read"],
    [
      "expired",
      async () => {
        const expired = ["{}", JSON.stringify({ exp: 1_000_000_000 })].map((p) => Buffer.from(p).toString("base64url")).join(".") + ".sig";
        await writeFile(join(dir, "expired"), expired);
        return join(dir, "expired");
      },
      "expired at 2001",
    ],
  ])("a %s file is a typed error naming the path", async (_name, make, problem) => {
    const path = await make();
    const client = createClient({ tokenUrl: auth.tokenUrl, clientId: CLIENT_ID, clientAssertion: clientAssertionFile(path), retries: 0 });
    const error = (await client.getToken().catch((e: unknown) => e)) as OccError;
    expect(error.code).toBe(CLIENT_ASSERTION_FAILED);
    expect(error.message).toContain(path);
    expect(error.message).toContain(problem);
  });
});
