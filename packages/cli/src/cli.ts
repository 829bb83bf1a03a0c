#!/usr/bin/env node
/**
 * `occ`: OAuth 2.0 client credentials from the command line. `occ token` gets a token and shows what it is;
 * `occ doctor` checks a configuration and an authorization server step by step. Never prints the secret.
 */
import { createRequire } from "node:module";
import { parseInvocation } from "./args.js";
import { doctorCommand } from "./doctor/doctor-command.js";
import { EXIT, type ExitCode } from "./exit-codes.js";
import { describeFailure } from "./failure.js";
import { HELP } from "./help.js";
import { tokenCommand } from "./token/token-command.js";

async function main(argv: readonly string[]): Promise<ExitCode> {
  let invocation;
  try {
    invocation = parseInvocation(argv);
  } catch (error) {
    const failure = describeFailure(error);
    process.stderr.write(`occ: ${failure.message}\nRun occ --help for usage.\n`);
    return failure.exitCode;
  }
  switch (invocation.command) {
    case "help":
      process.stdout.write(HELP);
      return EXIT.ok;
    case "version": {
      const { version } = createRequire(import.meta.url)("../package.json") as { version: string };
      process.stdout.write(`${version}\n`);
      return EXIT.ok;
    }
    case "token":
      return tokenCommand(invocation.flags, process.env);
    case "doctor":
      return doctorCommand(invocation.flags, process.env);
  }
}

process.exitCode = await main(process.argv.slice(2));
