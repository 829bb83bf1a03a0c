import type { StoredToken } from "./types.js";

/** A store may hand back anything (a corrupt KV value, an old format): only a well-formed token is used. */
export function isStoredToken(value: unknown): value is StoredToken {
  if (typeof value !== "object" || value === null) return false;
  const token = value as Record<string, unknown>;
  return (
    typeof token.accessToken === "string" &&
    token.accessToken !== "" &&
    typeof token.tokenType === "string" &&
    token.tokenType !== "" &&
    typeof token.expiresAt === "number" &&
    Number.isFinite(token.expiresAt) &&
    typeof token.issuedAt === "number" &&
    Number.isFinite(token.issuedAt) &&
    (token.scope === undefined || typeof token.scope === "string")
  );
}

/** Only the token's own fields, so that what a store or caller gets is plain JSON and nothing else. */
export function plainToken(token: StoredToken): StoredToken {
  const plain: StoredToken = {
    accessToken: token.accessToken,
    tokenType: token.tokenType,
    expiresAt: token.expiresAt,
    issuedAt: token.issuedAt,
  };
  if (token.scope !== undefined) plain.scope = token.scope;
  return Object.freeze(plain);
}
