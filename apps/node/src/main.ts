#!/usr/bin/env node
// A server-to-server job: get a token with the client credentials from OAUTH_* variables, call API_URL, print the answer.
//
//   node src/main.ts [--loop N] [--interval SECONDS] [--refresh-skew SECONDS]
//
// Answers go to stdout, occ's events and errors to stderr.
import process from "node:process";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { createClient, OAuthError, OccError } from "@occ/node";
import { describeEvent } from "./describe-event.ts";

const USAGE = `Usage: node src/main.ts [--loop N] [--interval SECONDS] [--refresh-skew SECONDS]
  --loop N              call the API N times with one client, to see the token cache at work (default 1)
  --interval SECONDS    pause between calls (default 1)
  --refresh-skew SECONDS  refresh this long before expiry, in the background (default: occ's 60 s)
Environment: API_URL, OAUTH_TOKEN_URL or OAUTH_ISSUER, OAUTH_CLIENT_ID, and OAUTH_CLIENT_SECRET
  (OAUTH_CLIENT_SECRET_PREVIOUS during a rotation) or OAUTH_PRIVATE_KEY (PEM or JWK, with OAUTH_PRIVATE_KEY_ID);
  OAUTH_SCOPE, OAUTH_AUDIENCE, OAUTH_RESOURCE, OAUTH_AUTH_METHOD.`;

class UsageError extends Error {}

function positiveNumber(flag: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`--${flag} must be a positive number, got ${JSON.stringify(raw)}`);
  return value;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      loop: { type: "string" },
      interval: { type: "string" },
      "refresh-skew": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const loop = values.loop === undefined ? 1 : positiveNumber("loop", values.loop);
  if (!Number.isInteger(loop)) throw new UsageError("--loop must be a whole number");
  const interval = values.interval === undefined ? 1 : positiveNumber("interval", values.interval);
  const refreshSkew = values["refresh-skew"] === undefined ? undefined : positiveNumber("refresh-skew", values["refresh-skew"]);
  const apiUrl = process.env.API_URL;
  if (!apiUrl) throw new UsageError("API_URL is not set: the URL of the protected API to call");

  // Everything else (endpoint, credentials, scope, audience) comes from the OAUTH_* variables.
  const client = createClient({
    ...(refreshSkew === undefined ? {} : { refreshSkew }),
    onEvent: (event) => console.error(describeEvent(event)),
  });

  let failures = 0;
  for (let call = 1; call <= loop; call++) {
    const response = await client.fetch(apiUrl);
    console.log(`#${call} GET ${apiUrl} -> ${response.status} ${await response.text()}`);
    if (!response.ok) failures++;
    if (call < loop) await sleep(interval * 1000);
  }
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = 1;
    if (error instanceof OAuthError) {
      // The authorization server refused: `error` is its RFC 6749 code, e.g. invalid_client for wrong credentials.
      console.error(`error: OAuthError ${error.error} (HTTP ${error.status}): ${error.message}`);
    } else if (error instanceof OccError) {
      console.error(`error: OccError ${error.code}${error.status === undefined ? "" : ` (HTTP ${error.status})`}: ${error.message}`);
    } else if (error instanceof UsageError || (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))) {
      console.error(`error: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else {
      // Network failures calling API_URL land here; occ's own errors never hold the secret, and neither do these.
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    }
  },
);
