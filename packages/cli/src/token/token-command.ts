import type { AccessToken, OccEvent } from "@occ/core";
import { createClient } from "@occ/node";
import type { Flags } from "../args.js";
import { type Environment, resolveConfig } from "../config.js";
import { describeEndpoint } from "../endpoint.js";
import { EXIT, type ExitCode } from "../exit-codes.js";
import { describeFailure } from "../failure.js";
import { type Output, processOutput } from "../output.js";
import { warnAboutSecretFlag } from "../secret-warning.js";
import { humanReport, jsonReport } from "./token-report.js";

/** What to tell the user when occ got the token only after the server refused the credentials it tried first. */
function switchNote(event: Extract<OccEvent, { type: "credentials_switched" }>): string {
  if (event.secretIndex > 0) {
    return "note: the server refused OAUTH_CLIENT_SECRET and accepted OAUTH_CLIENT_SECRET_PREVIOUS: register the new secret with the server to finish the rotation.\n";
  }
  return `note: the server refused the form-encoded Basic credentials and accepted ${event.method}: set OAUTH_AUTH_METHOD=${event.method} to skip the refused request.\n`;
}

/** `occ token`: gets a token and prints what it is — or, with `--print`, only the token. */
export async function tokenCommand(flags: Flags, env: Environment): Promise<ExitCode> {
  let output: Output = processOutput([]);
  try {
    const config = await resolveConfig(flags, env);
    output = processOutput(config.secrets);
    warnAboutSecretFlag(config, output);
    let endpoint = describeEndpoint(config.options);
    const notes: string[] = [];
    // Everything is resolved already: the adapter must not read the environment a second time.
    const client = createClient({
      ...config.options,
      env: {},
      onEvent: (event) => {
        if (event.type === "discovered") endpoint = `${event.tokenUrl} (discovered from ${event.issuer})`;
        if (event.type === "credentials_switched") notes.push(switchNote(event));
      },
    });
    const token: AccessToken = await client.getToken();
    if (flags.print) {
      output.out(`${token.accessToken}\n`);
    } else {
      const now = Date.now();
      output.out(flags.json ? `${JSON.stringify(jsonReport(token, endpoint, now), null, 2)}\n` : humanReport(token, endpoint, config.options.clientId, now));
    }
    // On stderr, so `--print` and `--json` output stays what scripts read.
    for (const note of notes) output.err(note);
    return EXIT.ok;
  } catch (error) {
    const failure = describeFailure(error);
    if (flags.json) {
      const { exitCode: _, ...rest } = failure;
      output.out(`${JSON.stringify({ error: rest }, null, 2)}\n`);
    } else {
      output.err(`occ token: ${failure.message}\n${failure.hint === undefined ? "" : `hint: ${failure.hint}\n`}`);
    }
    return failure.exitCode;
  }
}
