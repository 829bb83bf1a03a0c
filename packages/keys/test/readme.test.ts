/**
 * The README's example, as written, run as `main.mjs` by Node against the dev authorization server (oidc-provider,
 * with a DPoP-bound private_key_jwt client) and the DPoP-verifying API. tools/check-readmes type-checks it with every
 * other README block.
 * Needs `dist/` (turbo builds it before test).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startAuthServer, startProtectedApi, type DemoClient } from "@occ/dev-server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { testKey } from "./keys.ts";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
// Inside the package, so `@occ/keys` resolves to this package's build (self-reference) and the rest to its node_modules.
const scratch = `${packageDir}.readme`;

let example: string;
beforeAll(async () => {
  if (!existsSync(`${packageDir}dist/index.js`)) throw new Error("packages/keys/dist is missing: run `pnpm --filter @occ/keys build`");
  const readme = await readFile(`${packageDir}README.md`, "utf8");
  // The runnable example is the first block; the others are marked as fragments.
  example = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
  await mkdir(scratch, { recursive: true });
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

it("runs as main.mjs: a private_key_jwt client gets a DPoP token and calls the API with it", async () => {
  const key = testKey("ES256", "readme");
  const client: DemoClient = { clientId: "reports", authMethod: "private_key_jwt", scope: "read:data", dpopBound: true, jwks: { keys: [{ ...key.publicJwk, kid: "2026-01" }] } };
  const auth = await startAuthServer({ clients: [client] });
  const api = await startProtectedApi({ issuer: auth.issuer, jwksUrl: auth.jwksUrl, dpopNonce: true });
  try {
    await writeFile(`${scratch}/main.mjs`, example);
    await writeFile(`${scratch}/private-key.pem`, key.pem);
    const env = { PATH: process.env.PATH, OAUTH_TOKEN_URL: auth.tokenUrl, API_URL: api.url };
    const { stdout } = await run(process.execPath, [`${scratch}/main.mjs`], { env, cwd: scratch });
    expect(stdout.trim()).toBe("200 DPoP");
    expect(auth.tokenRequests()).toBe(1);
    expect(api.requests()).toBe(2); // the API's nonce challenge, then the answered request
  } finally {
    await Promise.all([auth.close(), api.close()]);
  }
}, 30_000);
