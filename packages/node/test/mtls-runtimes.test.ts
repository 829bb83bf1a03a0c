/**
 * The built package's mutual TLS on Node 20 and 22 (their global fetch is an older bundled undici than the Agent
 * from the `undici` dependency) and on Bun (mtlsFetch uses Bun's `tls` fetch option there), and the README's Bun
 * recipe run by the real bun binary. Needs `dist/` (turbo builds it before test).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMtlsServers, type MtlsServers } from "./mtls-servers.ts";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const binaries = {
  "Node 20": join(dirname(require.resolve("node20/package.json")), "bin", "node"),
  "Node 22": join(dirname(require.resolve("node22/package.json")), "bin", "node"),
  Bun: join(dirname(require.resolve("bun/package.json")), "bin", "bun.exe"),
};

let s: MtlsServers;
beforeAll(async () => {
  if (!existsSync(join(packageDir, "dist/index.js"))) throw new Error("packages/node/dist is missing: run `pnpm --filter @occ/node build`");
  s = await startMtlsServers();
}, 30_000);
afterAll(() => s?.close());

function testEnv(): NodeJS.ProcessEnv {
  const files = (name: "client" | "other" | "selfSigned" | "expired") => ({ certPath: s.pki[name].certPath, keyPath: s.pki[name].keyPath });
  const config = {
    tokenUrl: s.auth.tokenUrl,
    apiUrl: s.api.url,
    pkiClientId: s.pkiClient.clientId,
    selfSignedClientId: s.selfSignedClient.clientId,
    caPath: s.pki.ca.certPath,
    client: files("client"),
    other: files("other"),
    selfSigned: files("selfSigned"),
    expired: files("expired"),
  };
  return { PATH: process.env.PATH, OCC_TEST_MTLS: JSON.stringify(config), NODE_EXTRA_CA_CERTS: s.pki.ca.certPath };
}

describe.each(Object.entries(binaries))("%s", (_runtime, binary) => {
  it("both methods, bound tokens accepted over mutual TLS and refused without it, typed errors", async () => {
    const { stdout } = await run(binary, [join(packageDir, "test/fixtures/mtls-client.mjs")], { env: testEnv(), cwd: packageDir });
    const result = JSON.parse(stdout);
    expect(result.tlsClientAuth).toEqual({ cnf: { "x5t#S256": s.pki.client.thumbprint }, apiStatus: 200 });
    expect(result.selfSigned).toEqual({ cnf: { "x5t#S256": s.pki.selfSigned.thumbprint }, apiStatus: 200 });
    expect(result.withoutCertificate).toBe(401);
    expect(result.wrongCertificate).toMatchObject({ name: "OAuthError", code: "OCC_OAUTH_ERROR", error: "invalid_client", status: 401 });
    expect(result.expired).toMatchObject({ code: "OCC_INVALID_KEY", message: expect.stringMatching(/\(CN=occ-mtls-expired\) expired at 2021-01-01T00:00:00\.000Z/) });
  }, 60_000);
});

describe("the README's Bun recipe, run by bun", () => {
  const scratch = join(packageDir, ".readme-bun");
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it("gets a certificate-bound token and calls the API with it", async () => {
    const readme = await readFile(join(packageDir, "README.md"), "utf8");
    const recipe = /```ts bun\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(recipe).toBeDefined();
    await mkdir(scratch, { recursive: true });
    await writeFile(join(scratch, "main.ts"), recipe!);
    const env = {
      PATH: process.env.PATH,
      OAUTH_TOKEN_URL: s.auth.tokenUrl,
      OAUTH_CLIENT_ID: s.pkiClient.clientId,
      OAUTH_TLS_CERT: s.pki.client.certPath,
      OAUTH_TLS_KEY: s.pki.client.keyPath,
      // The recipe trusts the system's CAs; the test CA is added the way Bun and Node both take it.
      NODE_EXTRA_CA_CERTS: s.pki.ca.certPath,
      API_URL: s.api.url,
    };
    const { stdout } = await run(binaries.Bun, [join(scratch, "main.ts")], { env, cwd: scratch });
    // The client's tokens are always certificate-bound: a 200 means Bun presented the certificate to the API too.
    expect(stdout.trim()).toBe("200");
  }, 60_000);
});

describe("without the optional undici peer dependency", () => {
  it("mtlsFetch on Node is an OCC_INVALID_OPTIONS error that says to install it", async () => {
    // @occ/node copied (a symlink would find undici in the workspace), its two dependencies linked, nothing else.
    const project = await mkdtemp(join(tmpdir(), "occ-no-undici-"));
    try {
      const modules = join(project, "node_modules", "@occ");
      await mkdir(join(modules, "node"), { recursive: true });
      await cp(join(packageDir, "dist"), join(modules, "node", "dist"), { recursive: true });
      await cp(join(packageDir, "package.json"), join(modules, "node", "package.json"));
      for (const name of ["core", "keys"]) await symlink(await realpath(join(packageDir, "node_modules", "@occ", name)), join(modules, name), "dir");
      const script = `import { mtlsFetch } from "@occ/node";
try { mtlsFetch({ cert: process.env.CERT, key: process.env.KEY }); console.log("created"); } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }`;
      await writeFile(join(project, "main.mjs"), script);
      const env = { PATH: process.env.PATH, CERT: s.pki.client.cert, KEY: s.pki.client.key };
      const { stdout } = await run(process.execPath, ["main.mjs"], { cwd: project, env });
      expect(JSON.parse(stdout)).toEqual({
        code: "OCC_INVALID_OPTIONS",
        message: expect.stringMatching(/^@occ\/node mtlsFetch: mutual TLS on Node needs the undici package \(npm install undici\)/),
      });
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });
});
