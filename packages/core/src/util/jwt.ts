import { decodeBase64 } from "./base64.js";

const decoder = new TextDecoder();

/**
 * The `exp` claim of a JWT access token, in epoch ms, used only when the server sends no `expires_in`.
 * Reading is not verifying: the token is the resource server's to check, occ only needs to know when to refresh.
 */
export function jwtExpiresAt(token: string): number | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const bytes = decodeBase64(parts[1]!);
  if (bytes === undefined) return undefined;
  try {
    const payload: unknown = JSON.parse(decoder.decode(bytes));
    const exp = (payload as { exp?: unknown } | null)?.exp;
    return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
