import { jsonObject } from "../json-object.js";

/** What an access token is, without verifying it: a JWT's header and claims, or opaque. */
export type TokenFormat =
  | { format: "jwt"; header: Record<string, unknown>; claims: Record<string, unknown> }
  | { format: "jwe"; header: Record<string, unknown> }
  | { format: "opaque" };

function decodeJson(segment: string): Record<string, unknown> | undefined {
  return /^[A-Za-z0-9_-]+$/.test(segment) ? jsonObject(Buffer.from(segment, "base64url").toString("utf8")) : undefined;
}

/**
 * Reads a token as a JWS (three parts: header, claims, signature), a JWE (five parts: only the header is
 * readable) or else opaque. Reading is not verifying: the resource server checks the signature.
 */
export function inspectToken(token: string): TokenFormat {
  const parts = token.split(".");
  const header = parts.length === 3 || parts.length === 5 ? decodeJson(parts[0]!) : undefined;
  if (header === undefined || typeof header.alg !== "string") return { format: "opaque" };
  if (parts.length === 5) return { format: "jwe", header };
  const claims = decodeJson(parts[1]!);
  return claims === undefined ? { format: "opaque" } : { format: "jwt", header, claims };
}

/** Claims holding NumericDate values (RFC 7519 §2), shown as dates too. */
export const DATE_CLAIMS = new Set(["exp", "iat", "nbf", "auth_time"]);
