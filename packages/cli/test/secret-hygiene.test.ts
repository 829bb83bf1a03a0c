/**
 * Every command, run with a recognisable secret — accepted, refused, through each flag and variable, against each
 * kind of server — and the secret in none of its forms anywhere in stdout or stderr.
 */
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AuthServer, type FaultServer, startAuthServer, startFaultServer } from "@occ/dev-server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { closedPort, runCli } from "./run-cli.ts";

const SECRET = "CANARY-s3cr3t:with+reserved/chars%&=~ and spaces";
const WRONG = "CANARY-wrong:secret+value/%25";
const CLIENT = { clientId: "occ:canary", clientSecret: SECRET, authMethod: "client_secret_basic" as const, scope: "read:data" };

let auth: AuthServer;
let faults: FaultServer;
beforeAll(async () => {
  [auth, faults] = await Promise.all([startAuthServer({ clients: [CLIENT] }), startFaultServer()]);
  faults.setCredentials("hygiene", { clientId: CLIENT.clientId, clientSecrets: [SECRET] });
});
afterAll(async () => {
  await Promise.all([auth?.close(), faults?.close()]);
});

/** Every form the secret could leak in: as is, form- or percent-encoded, inside a Basic header, or a long piece. */
function forms(secret: string): string[] {
  const form = new URLSearchParams([["", secret]]).toString().slice(1);
  const basic = (id: string, s: string) => Buffer.from(`${id}:${s}`).toString("base64");
  return [secret, form, encodeURIComponent(secret), basic(CLIENT.clientId, secret), basic(encodeURIComponent(CLIENT.clientId), form), secret.slice(0, 12)];
}

/** Runs `work` over `items`, `width` at a time: 60 child processes at once would starve a 2-core machine. */
async function inBatches<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += width) results.push(...(await Promise.all(items.slice(i, i + width).map(work))));
  return results;
}

it("no command prints the secret", { timeout: 240_000 }, async () => {
  const file = join(tmpdir(), `occ-cli-canary-${process.pid}`);
  await writeFile(file, `${SECRET}\n`, { mode: 0o600 });
  const port = await closedPort();
  const env = { OAUTH_TOKEN_URL: auth.tokenUrl, OAUTH_CLIENT_ID: CLIENT.clientId, OAUTH_CLIENT_SECRET: SECRET };
  const fromFlags = ["--token-url", auth.tokenUrl, "--client-id", CLIENT.clientId];
  const runs: [string[], Record<string, string>][] = [];
  for (const command of [["token"], ["token", "--json"], ["token", "--print"], ["doctor"], ["doctor", "--json"]]) {
    runs.push(
      [command, env],
      [command, { ...env, OAUTH_CLIENT_SECRET: WRONG }],
      [command, { ...env, OAUTH_CLIENT_SECRET: WRONG, OAUTH_CLIENT_SECRET_PREVIOUS: SECRET }],
      [command, { ...env, OAUTH_AUTH_METHOD: "client_secret_post" }],
      [command, { ...env, OAUTH_TOKEN_URL: `http://127.0.0.1:${port}/token` }],
      [command, { ...env, OAUTH_TOKEN_URL: `${faults.url}/basic-raw/hygiene` }],
      [command, { ...env, OAUTH_TOKEN_URL: `${faults.url}/oauth-error-401/hygiene` }],
      [command, { ...env, OAUTH_TOKEN_URL: "http://idp.example.com/token" }],
      [command, { ...env, OAUTH_ISSUER: auth.issuer, OAUTH_TOKEN_URL: "" }],
      [command, { OAUTH_CLIENT_SECRET: SECRET }],
      [[...command, ...fromFlags, "--client-secret", SECRET], {}],
      [[...command, ...fromFlags, "--client-secret-file", file], {}],
      [[...command, ...fromFlags, "--client-secret", SECRET, "--auth-method", "bogus"], {}],
    );
  }
  const results = await inBatches(runs, 4, ([args, runEnv]) => runCli(args, runEnv));
  const exitCodes = new Set(results.map((r) => r.code));
  // the runs cover success, refusal, usage errors and the network
  expect([...exitCodes].sort()).toEqual([0, 1, 2, 3]);
  results.forEach((run, i) => {
    const printed = run.stdout + run.stderr;
    for (const form of [...forms(SECRET), ...forms(WRONG)]) {
      expect(printed, `occ ${runs[i]![0].join(" ")} with ${JSON.stringify(Object.keys(runs[i]![1]))}`).not.toContain(form);
    }
  });
});
