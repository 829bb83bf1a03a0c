import type { CliConfig } from "../config.js";
import { CONFIGURED, judgeAuthentication } from "./auth-check.js";
import { type CheckResult, result } from "./check.js";
import { checkClock } from "./clock-check.js";
import { checkQuota } from "./quota-check.js";
import { checkTokenResponse } from "./response-check.js";
import { type Attempt, attemptToken, stylesFor } from "./token-attempts.js";

/**
 * The checks that need token requests: one per way of presenting the credentials, one after the other, then the
 * token response, the clock and the quota judged on the configured method's response (or whichever worked).
 */
export async function checkAuthentication(tokenUrl: URL, config: CliConfig): Promise<CheckResult[]> {
  const { options } = config;
  const attempts: Attempt[] = [];
  for (const style of stylesFor(options.authMethod, options.clientId, options.clientSecret)) {
    attempts.push(await attemptToken(tokenUrl, options, style));
  }
  const checks = [judgeAuthentication(attempts, options.authMethod, options.clientId, options.clientSecret)];
  const accepted = attempts.filter((a) => a.outcome === "accepted");
  const best = accepted.find((a) => a.style === CONFIGURED[options.authMethod]) ?? accepted[0];
  const answered = attempts.flatMap((a) => (a.outcome === "unreachable" ? [] : [a.exchange]));
  if (best === undefined) {
    checks.push(result("token response", "skip", "no token was issued"));
  } else {
    checks.push(checkTokenResponse(best.exchange, best.body));
  }
  const reference = best?.exchange ?? answered[0];
  if (reference === undefined) return checks;
  checks.push(checkClock(reference), checkQuota(reference.headers, reference.receivedAt));
  return checks;
}
