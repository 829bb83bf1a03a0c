/** The values the store conformance cases write, and how they compare what comes back. */
import type { StoredPause, StoredToken } from "../src/token-store.ts";

export function token(n: number, extra: Partial<StoredToken> = {}): StoredToken {
  return {
    accessToken: `access-${n}`,
    tokenType: "Bearer",
    expiresAt: 1_900_000_000_000 + n,
    issuedAt: 1_899_999_000_000 + n,
    scope: "read:data write:data",
    ...extra,
  };
}

export function pause(n: number, extra: Partial<StoredPause> = {}): StoredPause {
  return { pausedUntil: 1_900_000_000_000 + n, code: "OCC_THROTTLED", message: `Retry after ${n} s`, status: 429, ...extra };
}

export function assertSame(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}
