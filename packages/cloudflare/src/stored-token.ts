import type { StoredToken } from "@occ/core";

/**
 * Reads a KV value back into a {@link StoredToken}, or `undefined` when it is not one. KV values outlive
 * deployments and can be written by anyone holding the binding, so a value that does not parse, or parses
 * to the wrong shape, is treated as a cache miss rather than an error: the client then fetches a new token
 * and overwrites it.
 */
export function parseStoredToken(text: string): StoredToken | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const { accessToken, tokenType, expiresAt, issuedAt, scope } = value as Record<string, unknown>;
  if (typeof accessToken !== "string" || accessToken === "") return undefined;
  if (typeof tokenType !== "string" || tokenType === "") return undefined;
  if (!Number.isFinite(expiresAt) || !Number.isFinite(issuedAt)) return undefined;
  if (scope !== undefined && typeof scope !== "string") return undefined;
  const token: StoredToken = { accessToken, tokenType, expiresAt: expiresAt as number, issuedAt: issuedAt as number };
  if (scope !== undefined) token.scope = scope;
  return token;
}
