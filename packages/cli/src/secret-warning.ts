import type { CliConfig } from "./config.js";
import type { Output } from "./output.js";

/** Warns (on stderr, so `--print` and `--json` output stays clean) when the secret was given on the command line. */
export function warnAboutSecretFlag(config: CliConfig, output: Output): void {
  if (config.secretSource !== "flag") return;
  output.err(
    "warning: --client-secret leaves the secret in your shell history and in the process list; " +
      "prefer OAUTH_CLIENT_SECRET or --client-secret-file.\n",
  );
}
