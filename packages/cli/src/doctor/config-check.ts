import { createClient } from "@occ/node";
import type { Flags } from "../args.js";
import { type CliConfig, type Environment, resolveConfig } from "../config.js";
import { describeEndpoint } from "../endpoint.js";
import { describeFailure } from "../failure.js";
import { type CheckResult, result } from "./check.js";

/** The configuration check: either a usable configuration, or the check that says what is wrong. */
export type ConfigOutcome = { config: CliConfig; check: CheckResult } | { check: CheckResult };

/**
 * Resolves flags and `OAUTH_*` variables exactly as `occ token` does, then lets core validate the options
 * (URLs, https, method and secret) by creating a client — which sends nothing.
 */
export async function checkConfiguration(flags: Flags, env: Environment): Promise<ConfigOutcome> {
  let config: CliConfig;
  try {
    config = await resolveConfig(flags, env);
    createClient({ ...config.options, env: {} });
  } catch (error) {
    const failure = describeFailure(error);
    return { check: result("configuration", "fail", failure.message, failure.hint) };
  }
  const { options } = config;
  const scope = [options.scope ?? []].flat().join(" ");
  const rotation = config.secrets.length > 1 ? ", a new and a previous secret" : "";
  const summary = `${describeEndpoint(options)}, client ${options.clientId}, ${config.method}${rotation}${scope === "" ? "" : `, scope ${scope}`}`;
  if (config.secrets.some((secret) => secret !== secret.trim())) {
    return { config, check: result("configuration", "warn", `${summary}; ${config.secrets.length > 1 ? "a" : "the"} secret begins or ends with whitespace`, "Check it was not copied with a stray space or newline.") };
  }
  if (config.secretSource === "flag") {
    return { config, check: result("configuration", "warn", `${summary}; secret from --client-secret`, "Prefer OAUTH_CLIENT_SECRET or --client-secret-file: a flag stays in shell history and the process list.") };
  }
  return { config, check: result("configuration", "ok", summary) };
}
