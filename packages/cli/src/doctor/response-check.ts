import { inspectToken } from "../token/inspect-token.js";
import { duration } from "../time.js";
import { type CheckResult, result, type Verdict, worst } from "./check.js";
import type { Exchange } from "./http.js";

interface Finding {
  verdict: Verdict;
  text: string;
  advice?: string;
}

function tokenType(body: Record<string, unknown>): Finding {
  const type = body.token_type;
  if (typeof type !== "string") return { verdict: "fail", text: "no token_type", advice: "RFC 6749 §5.1 requires token_type; occ refuses a response without it." };
  if (/^(bearer|dpop)$/i.test(type)) return { verdict: "ok", text: type };
  return { verdict: "warn", text: `token_type ${type}`, advice: `occ sends "Authorization: ${type} …" as the server named it; check the API accepts that.` };
}

function expiresIn(body: Record<string, unknown>, jwtExp: number | undefined, sentAt: number): Finding {
  const raw = body.expires_in;
  if (raw === undefined) {
    return jwtExp === undefined
      ? { verdict: "warn", text: "no expires_in and no JWT exp", advice: "occ then assumes 300 s (defaultExpiresIn); set it to the real lifetime." }
      : { verdict: "ok", text: `no expires_in: occ uses the JWT exp (${duration(jwtExp - sentAt)})` };
  }
  const seconds = typeof raw === "number" ? raw : typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds <= 0) return { verdict: "fail", text: `expires_in ${JSON.stringify(raw)}`, advice: "expires_in must be a positive number of seconds." };
  const text = `expires in ${duration(seconds * 1000)}`;
  if (jwtExp !== undefined && Math.abs(jwtExp - (sentAt + seconds * 1000)) > 60_000) {
    return { verdict: "warn", text: `${text}, but the JWT exp says ${duration(jwtExp - sentAt)}`, advice: "expires_in and the token's exp disagree: occ trusts expires_in, the API checks exp." };
  }
  if (seconds < 120) return { verdict: "warn", text, advice: "Very short-lived tokens: occ refreshes them at half their lifetime, so expect frequent token requests." };
  if (seconds > 86_400) return { verdict: "warn", text, advice: "Tokens valid for over a day are hard to revoke; consider a shorter lifetime on the server." };
  return { verdict: "ok", text };
}

function format(accessToken: string): { finding: Finding; exp?: number } {
  const inspected = inspectToken(accessToken);
  if (inspected.format === "opaque") return { finding: { verdict: "ok", text: "opaque token" } };
  if (inspected.header.alg === "none") return { finding: { verdict: "fail", text: "unsigned JWT (alg none)", advice: "The server issues unsigned tokens: any API that accepts them can be fooled." } };
  if (inspected.format === "jwe") return { finding: { verdict: "ok", text: `encrypted JWT (${String(inspected.header.alg)})` } };
  const exp = typeof inspected.claims.exp === "number" ? inspected.claims.exp * 1000 : undefined;
  return { finding: { verdict: "ok", text: `JWT (${String(inspected.header.alg)})` }, ...(exp === undefined ? {} : { exp }) };
}

function caching(headers: Headers): Finding | undefined {
  if (/no-store/i.test(headers.get("cache-control") ?? "")) return undefined;
  return { verdict: "warn", text: "no Cache-Control: no-store", advice: "RFC 6749 §5.1 requires Cache-Control: no-store on token responses, so no proxy keeps a copy." };
}

/** Checks an accepted token response: type, lifetime, format, and the caching headers RFC 6749 requires. */
export function checkTokenResponse(exchange: Exchange, body: Record<string, unknown>): CheckResult {
  const { finding: shape, exp } = format(String(body.access_token));
  const findings = [tokenType(body), expiresIn(body, exp, exchange.sentAt), shape, caching(exchange.headers)].filter((f): f is Finding => f !== undefined);
  const verdict = findings.reduce<Verdict>((acc, f) => worst(acc, f.verdict), "ok");
  const advice = findings.flatMap((f) => (f.advice !== undefined && f.verdict !== "ok" ? [f.advice] : [])).join(" ");
  return result("token response", verdict, findings.map((f) => f.text).join(", "), advice === "" ? undefined : advice);
}
