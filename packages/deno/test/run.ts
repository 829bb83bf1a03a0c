/**
 * `pnpm test`: starts the real oidc-provider authorization server (it runs on Node only), then runs the Deno
 * suites with the real `deno` binary, the server's URLs and demo credentials in `OCC_TEST_*` variables.
 * The fault server records raw requests where the real one cannot show them. Exits non-zero when any Deno run fails.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startAuthServer, startFaultServer, startMtlsServers, type TestPki } from "@occ/dev-server";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const at = (path: string) => resolve(packageDir, path);
// bin.cjs finds (or unpacks) the platform binary that the `deno` npm package ships.
const denoBin = createRequire(import.meta.url).resolve("deno/bin.cjs");

if (!existsSync(at("dist/index.js"))) {
  console.error("packages/deno/dist is missing: run `pnpm --filter @occ/deno build` (turbo does it before test)");
  process.exit(1);
}

const auth = await startAuthServer();
const fault = await startFaultServer();
// Deno cannot call into the Node process, so the token-request counter is served over loopback.
const counter = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ count: auth.tokenRequests() }));
});
await new Promise<void>((resolve) => counter.listen(0, "127.0.0.1", resolve));
const tmp = await mkdtemp(`${tmpdir()}/occ-deno-`);
const mtls = await startMtls(`${tmp}/pki`);

const { basic } = auth.clients;
const env: NodeJS.ProcessEnv = {
  ...withoutOAuthVariables(process.env),
  OCC_TEST_TOKEN_URL: auth.tokenUrl,
  OCC_TEST_ISSUER: auth.issuer,
  OCC_TEST_CLIENT_ID: basic.clientId,
  OCC_TEST_CLIENT_SECRET: basic.clientSecret,
  OCC_TEST_COUNTER_URL: `http://127.0.0.1:${(counter.address() as AddressInfo).port}/`,
  OCC_TEST_FAULT_URL: fault.url,
  OCC_TEST_TMP: tmp,
  OCC_TEST_MTLS: JSON.stringify(mtls.config),
};
const common = ["--config", at("deno.test.json"), "--no-prompt", "--allow-net=127.0.0.1"];
const runs = [
  ["check", ...common.slice(0, 2), at("src/index.ts"), at("test/types.check.ts")],
  [
    "test",
    ...common,
    "--allow-env",
    `--allow-read=${tmp}`,
    `--allow-write=${tmp}`,
    "--allow-run",
    `--ignore=${at("test/no-env-permission.test.ts")}`,
    at("test/"),
  ],
  // The same adapter without --allow-env: it must explain the missing flag, or need none when configured in code.
  ["test", ...common, at("test/no-env-permission.test.ts"), "--", auth.tokenUrl, basic.clientId, basic.clientSecret],
];

let failed = false;
try {
  for (const args of runs) if ((await deno(args)) !== 0) failed = true;
} finally {
  counter.close();
  await Promise.all([auth.close(), fault.close(), mtls.close()]);
  await rm(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

/** The mutual-TLS servers, with certificates made in `dir` (inside the run's readable folder), as the tests see them. */
async function startMtls(dir: string) {
  await mkdir(dir);
  const { pki, auth: mtlsAuth, api: mtlsApi, pkiClient, selfSignedClient, close } = await startMtlsServers(dir);
  const files = (name: keyof TestPki) => ({ certPath: pki[name].certPath, keyPath: pki[name].keyPath, thumbprint: pki[name].thumbprint });
  const certificates = Object.fromEntries((["ca", "client", "other", "selfSigned", "expired", "notYetValid"] as const).map((name) => [name, files(name)]));
  return {
    config: { tokenUrl: mtlsAuth.tokenUrl, apiUrl: mtlsApi.url, pkiClientId: pkiClient.clientId, selfSignedClientId: selfSignedClient.clientId, dir, certificates },
    close,
  };
}

function deno(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    // Outside the repository on purpose: on some npm resolution errors Deno "migrates" a pnpm-workspace.yaml it
    // finds above its working directory into the root package.json.
    const child = spawn(process.execPath, [denoBin, ...args], { cwd: tmp, env, stdio: "inherit" });
    child.once("error", reject);
    child.once("exit", (code) => resolve(code ?? 1));
  });
}

// A developer's own OAUTH_* variables must not leak into the env-fallback tests.
function withoutOAuthVariables(source: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(source).filter(([name]) => !name.startsWith("OAUTH_")));
}
