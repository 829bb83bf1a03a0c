import type { CliConfig } from "../config.js";
import { formEncode } from "@occ/core/diagnostics";
import { oauthHint } from "../failure.js";
import { type CheckResult, result } from "./check.js";
import { type Attempt, type AuthStyle, CONFIGURED, occSequence, STYLE_NAMES } from "./token-attempts.js";

const USE_POST = "Use client_secret_post: OAUTH_AUTH_METHOD=client_secret_post, or --auth-method client_secret_post.";

function outcomeOf(attempt: Attempt): string {
  switch (attempt.outcome) {
    case "accepted":
      return "accepted";
    case "refused":
      return `${attempt.exchange.status} ${attempt.error}`;
    case "other":
      return `${attempt.exchange.status} ${attempt.exchange.headers.get("content-type") ?? "without a content type"}`;
    case "unreachable":
      return attempt.reason;
  }
}

/** The characters of `value` that form-encoding changes, named for people: "':', '+' and a space". Never the value. */
export function specialCharacters(value: string): string[] {
  const special = [...new Set(value)].filter((c) => formEncode(c) !== c);
  return special.map((c) => (c === " " ? "a space" : `'${c}'`));
}

function summaryOf(attempts: Attempt[]): string {
  return attempts.map((a) => `${STYLE_NAMES[a.style]}${a.secretIndex > 0 ? " with the previous secret" : ""}: ${outcomeOf(a)}`).join("; ");
}

/** "':', '+' and a space" */
function listed(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** "your secret contains", "your client id and secret contain", for the values where `has` holds. */
function whose(clientId: string, secret: string, has: (value: string) => boolean): string {
  if (has(clientId) && has(secret)) return "your client id and secret contain";
  return has(secret) ? "your secret contains" : "your client id contains";
}

/** Why Basic failed, in words, from which Basic variants the server took. */
function basicExplanation(byStyle: Map<AuthStyle, Attempt>, clientId: string, secret: string): string {
  if (byStyle.get("basic-raw")?.outcome === "accepted") {
    const chars = listed([...new Set([...specialCharacters(clientId), ...specialCharacters(secret)])]);
    const subject = whose(clientId, secret, (value) => specialCharacters(value).length > 0);
    return `${subject} ${chars}, and this server does not form-decode Basic credentials (RFC 6749 §2.3.1 says it must): it takes them raw, which occ never sends`;
  }
  if (secret.includes(":") || clientId.includes(":")) {
    const subject = whose(clientId, secret, (value) => value.includes(":"));
    return `${subject} ':', and this server refuses the credentials in Basic whether form-encoded or raw (some servers split Basic credentials at every ':')`;
  }
  return "this server accepts your credentials only in the request body";
}

/** The attempt occ would end up using: the first of its own sequence that the server accepted. */
export function occChoice(attempts: Attempt[], config: CliConfig): Attempt | undefined {
  const sent = (style: AuthStyle, secretIndex: number) => attempts.find((a) => a.style === style && a.secretIndex === secretIndex);
  return occSequence(config.options, config.method, config.secrets)
    .map(({ style, secretIndex }) => sent(style, secretIndex))
    .find((attempt) => attempt?.outcome === "accepted");
}

/** None of what occ sends works: why, and what would. */
function failure(attempts: Attempt[], config: CliConfig, summary: string): CheckResult {
  const newest = attempts.filter((a) => a.secretIndex === 0);
  const accepted = newest.filter((a) => a.outcome === "accepted").map((a) => a.style);
  if (accepted.length === 0) {
    const refusals = attempts.flatMap((a) => (a.outcome === "refused" ? [a.error] : []));
    if (refusals.length > 0 && refusals.every((e) => e === "invalid_client" || e === "invalid_request")) {
      return result(
        "client authentication",
        "fail",
        `the server refused the credentials every way occ can send them: ${summary}`,
        "The client id or the secret is wrong, or the client is disabled: check OAUTH_CLIENT_ID and the secret (a stray space or newline? a rotated secret?).",
      );
    }
    const other = refusals.find((e) => e !== "invalid_client" && e !== "invalid_request");
    const advice = (other === undefined ? undefined : oauthHint(other)) ?? "Check the token endpoint URL: this does not answer like one.";
    return result("client authentication", "fail", `no token: ${summary}`, advice);
  }
  if (config.method === "client_secret_post") {
    return result("client authentication", "fail", `${summary} — this server takes your credentials only in the Authorization header`, "Use client_secret_basic: OAUTH_AUTH_METHOD=client_secret_basic.");
  }
  const explanation = basicExplanation(new Map(newest.map((a) => [a.style, a])), config.options.clientId, config.secrets[0] ?? "");
  const advice = accepted.includes("post")
    ? USE_POST
    : "occ always form-encodes Basic credentials: have client_secret_post enabled for this client, or use a secret without those characters.";
  return result("client authentication", "fail", `${summary} — ${explanation}`, advice);
}

/**
 * Judges the attempts: does what occ sends work at once, after one of its fallbacks (client_secret_post, the
 * previous secret of a rotation), or not at all — and then what would.
 */
export function judgeAuthentication(attempts: Attempt[], config: CliConfig): CheckResult {
  const summary = summaryOf(attempts);
  const chosen = occChoice(attempts, config);
  if (chosen?.secretIndex === 0 && chosen.style === CONFIGURED[config.method]) {
    return result("client authentication", "ok", `${summary} — you use ${config.method}: fine`);
  }
  if (attempts.every((a) => a.outcome === "unreachable")) {
    return result("client authentication", "fail", `no answer from the token endpoint: ${summary}`, "See the reachability check.", true);
  }
  if (chosen === undefined) return failure(attempts, config, summary);
  if (chosen.secretIndex > 0) {
    return result(
      "client authentication",
      "warn",
      `${summary} — the server refused OAUTH_CLIENT_SECRET and accepted OAUTH_CLIENT_SECRET_PREVIOUS: occ uses it, after a refused request`,
      "Finish the rotation: register the new secret with the server (it still knows only the previous one).",
    );
  }
  const explanation = basicExplanation(new Map(attempts.map((a) => [a.style, a])), config.options.clientId, config.secrets[0] ?? "");
  return result(
    "client authentication",
    "warn",
    `${summary} — ${explanation}; occ falls back to client_secret_post, after one refused request per client`,
    `${USE_POST} It saves that request.`,
  );
}
