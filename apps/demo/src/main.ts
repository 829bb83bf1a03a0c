#!/usr/bin/env node
// The occ demo: starts a local authorization server (oidc-provider) and a protected API, runs every example app
// against them in its own runtime (Node, workerd, Deno), and prints what happened, checked against the servers'
// own counters. Exits 1 if any check fails.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { styleText } from "node:util";
import { exampleEnv, startAuthServer, startProtectedApi } from "@occ/dev-server";
import type { DemoContext } from "./context.ts";
import { Report } from "./report.ts";
import { cloudflareWorker } from "./sections/worker.ts";
import { denoService } from "./sections/deno-service.ts";
import { honoApp } from "./sections/hono-app.ts";
import { nodeJob } from "./sections/node-job.ts";
import { backgroundRefresh, SHORT_TOKEN_TTL } from "./sections/refresh.ts";
import { keyClient, signedAssertion } from "./sections/signed-assertion.ts";
import { wrongSecret } from "./sections/wrong-secret.ts";
import { bundleExampleWorker } from "./workerd.ts";

const started = performance.now();
console.log(styleText("bold", "occ demo: OAuth 2.0 client credentials on Node, workerd and Deno"));

const withKey = keyClient();
const [auth, shortAuth, bundle, tmp] = await Promise.all([
  startAuthServer({ clients: [withKey.registration] }),
  startAuthServer({ accessTokenTtl: SHORT_TOKEN_TTL }),
  bundleExampleWorker(),
  mkdtemp(join(tmpdir(), "occ-demo-")),
]);
const [api, shortApi] = await Promise.all([
  startProtectedApi({ issuer: auth.issuer, jwksUrl: auth.jwksUrl }),
  startProtectedApi({ issuer: shortAuth.issuer, jwksUrl: shortAuth.jwksUrl }),
]);
const report = new Report();
const context: DemoContext = { auth, api, report, tmp, config: (overrides) => exampleEnv(auth, api, overrides) };

console.log(
  styleText("dim", [
    `authorization server  ${auth.issuer}  (oidc-provider; tokens live 300 s, and ${SHORT_TOKEN_TTL} s at ${shortAuth.issuer})`,
    `protected API         ${api.url}/data  (needs scope read:data)`,
    `client                ${auth.clients.basic.clientId}  (client_secret_basic; demo-only credentials)`,
    `key client            ${withKey.registration.clientId}  (private_key_jwt; an ES256 key made for this run)`,
  ].map((line) => `   ${line}`).join("\n")),
);

const sections: Array<() => Promise<void>> = [
  () => nodeJob(context),
  () => cloudflareWorker(context, bundle),
  () => denoService(context),
  () => honoApp(context),
  () => backgroundRefresh(context, { auth: shortAuth, api: shortApi }),
  () => signedAssertion(context, withKey),
  () => wrongSecret(context, bundle),
];
try {
  for (const section of sections) {
    try {
      await section();
    } catch (error) {
      report.check(false, `could not run: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
} finally {
  await Promise.all([api.close(), shortApi.close(), auth.close(), shortAuth.close()]);
  await rm(tmp, { recursive: true, force: true });
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (report.failures === 0) {
  console.log(`\n${styleText(["bold", "green"], "All checks passed")} in ${seconds} s.`);
} else {
  console.log(`\n${styleText(["bold", "red"], `${report.failures} check(s) failed`)} in ${seconds} s.`);
  process.exitCode = 1;
}
