#!/usr/bin/env node
// Local OAuth 2.0 playground: authorization server + protected API (+ fault server).
//
//   node src/cli.ts [--fault] [--ttl N] [--json] [--verbose]
//   env: AUTH_PORT (9400), API_PORT (9401), FAULT_PORT (9402); 0 = ephemeral
//
// --json prints exactly one JSON line on stdout once every server listens,
// for scripts that spawn this CLI and run clients in other runtimes.
import { parseArgs } from "node:util";
import { startAuthServer } from "./auth-server.ts";
import type { AuthServer } from "./auth-server.ts";
import { startProtectedApi } from "./protected-api.ts";
import type { ProtectedApi } from "./protected-api.ts";
import { startFaultServer } from "./fault-server.ts";
import type { FaultServer } from "./fault-server.ts";

const USAGE = `Usage: node src/cli.ts [--fault] [--ttl SECONDS] [--json] [--verbose]
  --fault      also start the fault-injection server
  --ttl N      access-token lifetime in seconds (default 300)
  --json       print one JSON line with all URLs and credentials when ready
  --verbose    log every request to stderr
Environment: AUTH_PORT (default 9400), API_PORT (9401), FAULT_PORT (9402); 0 picks a free port.`;

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`${name} must be a port number, got ${JSON.stringify(raw)}`);
  }
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fault: { type: "boolean", default: false },
      ttl: { type: "string" },
      json: { type: "boolean", default: false },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const ttl = values.ttl === undefined ? 300 : Number(values.ttl);
  if (!Number.isInteger(ttl) || ttl <= 0) throw new Error(`--ttl must be a positive integer, got ${values.ttl}`);
  const log = values.verbose ? (line: string) => console.error(line) : undefined;

  const running: Array<AuthServer | ProtectedApi | FaultServer> = [];
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (!values.json) console.error(`\n${signal}: stopping…`);
    await Promise.allSettled(running.map((s) => s.close()));
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  const auth = await startAuthServer({ port: port("AUTH_PORT", 9400), accessTokenTtl: ttl, log });
  running.push(auth);
  const api = await startProtectedApi({ issuer: auth.issuer, jwksUrl: auth.jwksUrl, audience: auth.defaultAudience, port: port("API_PORT", 9401), log });
  running.push(api);
  let fault: FaultServer | undefined;
  if (values.fault) {
    fault = await startFaultServer({ port: port("FAULT_PORT", 9402), log });
    running.push(fault);
  }

  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({
        ready: true,
        pid: process.pid,
        issuer: auth.issuer,
        tokenUrl: auth.tokenUrl,
        jwksUrl: auth.jwksUrl,
        discoveryUrl: auth.discoveryUrl,
        introspectionUrl: auth.introspectionUrl,
        apiUrl: api.url,
        faultUrl: fault?.url ?? null,
        audience: auth.defaultAudience,
        accessTokenTtl: ttl,
        demoOnly: true,
        clients: auth.clients,
      })}\n`,
    );
    return;
  }

  const lines = [
    "occ dev server (DEMO ONLY — hard-coded, public credentials; never use them anywhere real)",
    "",
    `  issuer         ${auth.issuer}`,
    `  discovery      ${auth.discoveryUrl}`,
    `  token URL      ${auth.tokenUrl}`,
    `  JWKS           ${auth.jwksUrl}`,
    `  API            ${api.url}/data  (GET needs read:data, POST needs write:data), ${api.url}/public`,
    `  audience       ${auth.defaultAudience}  (default; send resource= or audience= to choose another)`,
    `  token TTL      ${ttl}s`,
  ];
  if (fault) lines.push(`  fault server   ${fault.url}/<scenario>/<id>  (counts at /__count/<scenario>/<id>)`);
  // occ form-encodes credentials for client_secret_basic itself (RFC 6749 §2.3.1); a secret encoded by hand first
  // would be encoded twice and refused. So the banner says to pass them as they are.
  lines.push("", "  demo clients (secrets JSON-quoted; give occ the value as it is: occ encodes it, never encode it yourself):");
  for (const [name, client] of Object.entries(auth.clients)) {
    const c: { clientId: string; clientSecret?: string; authMethod: string; scope?: string } = client;
    lines.push(
      `    ${name.padEnd(9)} id=${JSON.stringify(c.clientId)} secret=${JSON.stringify(c.clientSecret ?? null)} auth=${c.authMethod} scope=${JSON.stringify(c.scope ?? "")}`,
    );
  }
  lines.push("", "Ctrl-C to stop.");
  console.log(lines.join("\n"));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
