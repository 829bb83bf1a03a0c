import type { Flags } from "../args.js";
import type { CliConfig, Environment } from "../config.js";
import { endpointOf } from "../endpoint.js";
import type { ExitCode } from "../exit-codes.js";
import { type Output, processOutput } from "../output.js";
import { checkAuthentication } from "./auth-steps.js";
import type { CheckResult } from "./check.js";
import { checkConfiguration } from "./config-check.js";
import { checkDiscovery } from "./discovery-check.js";
import { checkReachability } from "./network-check.js";
import { exitCodeOf, jsonDoctorReport, printCheck, printVerdict } from "./report.js";

/** `occ doctor`: runs the checks in order, each one only when the ones it needs passed. */
export async function doctorCommand(flags: Flags, env: Environment): Promise<ExitCode> {
  const checks: CheckResult[] = [];
  let output: Output = processOutput([]);
  const add = (...results: CheckResult[]) => {
    for (const check of results) {
      checks.push(check);
      if (!flags.json) printCheck(output, check);
    }
  };
  const blocked = () => checks.some((c) => c.verdict === "fail");

  const configured = await checkConfiguration(flags, env);
  if ("config" in configured) output = processOutput(configured.config.secrets);
  add(configured.check);
  if ("config" in configured) await checkServer(configured.config, add, blocked);

  const exitCode = exitCodeOf(checks);
  if (flags.json) output.out(jsonDoctorReport(checks, exitCode));
  else printVerdict(output, checks, exitCode);
  return exitCode;
}

async function checkServer(config: CliConfig, add: (...results: CheckResult[]) => void, blocked: () => boolean): Promise<void> {
  const endpoint = endpointOf(config.options);
  let tokenUrl: URL | undefined;
  if ("issuer" in endpoint) {
    const { issuer } = endpoint;
    add(...(await checkReachability(issuer, "issuer")));
    if (blocked()) return;
    const discovery = await checkDiscovery(issuer, config.method);
    add(discovery.check);
    tokenUrl = discovery.tokenUrl;
    if (tokenUrl === undefined) return;
    if (tokenUrl.origin !== issuer.origin) add(...(await checkReachability(tokenUrl, "token endpoint")));
  } else {
    tokenUrl = endpoint.tokenUrl;
    add(...(await checkReachability(tokenUrl, "token endpoint")));
  }
  if (blocked()) return;
  add(...(await checkAuthentication(tokenUrl, config)));
}
