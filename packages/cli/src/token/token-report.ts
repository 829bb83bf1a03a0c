import type { AccessToken } from "@occ/core";
import { relative, when } from "../time.js";
import { DATE_CLAIMS, inspectToken, type TokenFormat } from "./inspect-token.js";

/** `occ token --json`: everything `occ token` shows, never the token. */
export interface TokenJson {
  endpoint: string;
  tokenType: string;
  scope: string | null;
  /** ISO 8601. */
  expiresAt: string;
  /** Seconds from now. */
  expiresIn: number;
  format: TokenFormat["format"];
  /** For a JWT (claims) or a JWE (header only); null for an opaque token. */
  jwt: { header: Record<string, unknown>; claims?: Record<string, unknown> } | null;
}

/** The JSON report of a token. */
export function jsonReport(token: AccessToken, endpoint: string, now: number): TokenJson {
  const inspected = inspectToken(token.accessToken);
  return {
    endpoint,
    tokenType: token.tokenType,
    scope: token.scope ?? null,
    expiresAt: new Date(token.expiresAt).toISOString(),
    expiresIn: Math.round((token.expiresAt - now) / 1000),
    format: inspected.format,
    jwt:
      inspected.format === "jwt"
        ? { header: inspected.header, claims: inspected.claims }
        : inspected.format === "jwe"
          ? { header: inspected.header }
          : null,
  };
}

function claimValue(name: string, value: unknown, now: number): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return DATE_CLAIMS.has(name) && typeof value === "number" ? `${text}  ${when(value * 1000, now)}` : text;
}

function fields(entries: [string, string][], indent: string): string {
  const width = Math.max(...entries.map(([name]) => name.length)) + 2;
  return entries.map(([name, value]) => `${indent}${name.padEnd(width)}${value}\n`).join("");
}

/** The report for people: one field per line, JWT claims with their dates spelled out. */
export function humanReport(token: AccessToken, endpoint: string, clientId: string, now: number): string {
  const inspected = inspectToken(token.accessToken);
  const format =
    inspected.format === "jwt"
      ? `JWT, ${String(inspected.header.alg)} (read, not verified: the API verifies it)`
      : inspected.format === "jwe"
        ? `encrypted JWT (JWE, ${String(inspected.header.alg)}): only the API can read its claims`
        : "opaque (not a JWT: only the server can say what it holds)";
  let text = fields(
    [
      ["endpoint", endpoint],
      ["client", clientId],
      ["type", token.tokenType],
      ["scope", token.scope ?? "(none granted or named)"],
      ["expires", `${new Date(token.expiresAt).toISOString()} (${relative(token.expiresAt, now)})`],
      ["format", format],
    ],
    "",
  );
  if (inspected.format !== "opaque") {
    text += `header\n${fields(Object.entries(inspected.header).map(([name, value]) => [name, claimValue(name, value, now)]), "  ")}`;
  }
  if (inspected.format === "jwt") {
    text += `claims\n${fields(Object.entries(inspected.claims).map(([name, value]) => [name, claimValue(name, value, now)]), "  ")}`;
  }
  return text;
}
