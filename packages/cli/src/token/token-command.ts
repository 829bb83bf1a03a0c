import type { AccessToken } from "@occ/core";
import { createClient } from "@occ/node";
import type { Flags } from "../args.js";
import { type Environment, resolveConfig } from "../config.js";
import { EXIT, type ExitCode } from "../exit-codes.js";
import { describeFailure } from "../failure.js";
import { type Output, processOutput } from "../output.js";
import { warnAboutSecretFlag } from "../secret-warning.js";
import { endpointOf } from "../endpoint.js";
import { humanReport, jsonReport } from "./token-report.js";

/** `occ token`: gets a token and prints what it is — or, with `--print`, only the token. */
export async function tokenCommand(flags: Flags, env: Environment): Promise<ExitCode> {
  let output: Output = processOutput(undefined);
  try {
    const config = await resolveConfig(flags, env);
    output = processOutput(config.options.clientSecret);
    warnAboutSecretFlag(config, output);
    let endpoint = endpointOf(config.options);
    // Everything is resolved already: the adapter must not read the environment a second time.
    const client = createClient({
      ...config.options,
      env: {},
      onEvent: (event) => {
        if (event.type === "discovered") endpoint = `${event.tokenUrl} (discovered from ${event.issuer})`;
      },
    });
    const token: AccessToken = await client.getToken();
    if (flags.print) {
      output.out(`${token.accessToken}\n`);
    } else {
      const now = Date.now();
      output.out(flags.json ? `${JSON.stringify(jsonReport(token, endpoint, now), null, 2)}\n` : humanReport(token, endpoint, config.options.clientId, now));
    }
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
