import type { CliConfig } from "../config.js";
import { judgeAuthentication, occChoice } from "./auth-check.js";
import { type CheckResult, result } from "./check.js";
import { checkClock } from "./clock-check.js";
import { checkQuota } from "./quota-check.js";
import { checkTokenResponse } from "./response-check.js";
import { type Attempt, attemptToken, occSequence, stylesFor } from "./token-attempts.js";

/**
 * Token requests, one after the other: each way of presenting the newest secret; then, when none got a token, the
 * previous secret of a rotation as occ would send it.
 */
async function attemptAll(tokenUrl: URL, config: CliConfig): Promise<Attempt[]> {
  const { options, method, secrets } = config;
  const attempts: Attempt[] = [];
  for (const style of stylesFor(method, options.clientId, secrets[0])) {
    attempts.push(await attemptToken(tokenUrl, options, secrets, { style, secretIndex: 0 }));
  }
  if (attempts.some((a) => a.outcome === "accepted")) return attempts;
  for (const credentials of occSequence(options, method, secrets).filter((c) => c.secretIndex > 0)) {
    const attempt = await attemptToken(tokenUrl, options, secrets, credentials);
    attempts.push(attempt);
    if (attempt.outcome === "accepted") break;
  }
  return attempts;
}

/**
 * The checks that need token requests: client authentication, then the token response, the clock and the quota
 * judged on the response occ would use (or whichever worked).
 */
export async function checkAuthentication(tokenUrl: URL, config: CliConfig): Promise<CheckResult[]> {
  const attempts = await attemptAll(tokenUrl, config);
  const checks = [judgeAuthentication(attempts, config)];
  const best = occChoice(attempts, config) ?? attempts.find((a) => a.outcome === "accepted");
  const answered = attempts.flatMap((a) => (a.outcome === "unreachable" ? [] : [a.exchange]));
  if (best === undefined || best.outcome !== "accepted") {
    checks.push(result("token response", "skip", "no token was issued"));
  } else {
    checks.push(checkTokenResponse(best.exchange, best.body));
  }
  const reference = best?.outcome === "accepted" ? best.exchange : answered[0];
  if (reference === undefined) return checks;
  checks.push(checkClock(reference), checkQuota(reference.headers, reference.receivedAt));
  return checks;
}
