import { hash64 } from "./hash.js";

/** The parts of a configuration that change which token the server issues, or who may use it. */
export interface CacheKeyParts {
  endpoint: string;
  clientId: string;
  /** Tells credentials apart without revealing them: a lossy secret fingerprint, a public-key thumbprint. */
  credential: string;
  /** The DPoP key's thumbprint, when tokens are sender-constrained. */
  jkt: string | undefined;
  scope: readonly string[];
  audience: string | undefined;
  resource: readonly string[];
  params: readonly (readonly [string, string])[];
}

const sorted = <T>(items: readonly T[]) => [...items].sort((a, b) => (String(a) < String(b) ? -1 : 1));

/**
 * A short, stable store key (16 hex digits). Scope, resource and params are sorted so that their order does not
 * split the cache; the result fits every store's key limits (Workers KV allows 512 bytes).
 */
export function cacheKey(parts: CacheKeyParts): string {
  return hash64(
    JSON.stringify([
      parts.endpoint,
      parts.clientId,
      parts.credential,
      parts.jkt ?? null,
      sorted(parts.scope),
      parts.audience ?? null,
      sorted(parts.resource),
      sorted(parts.params.map((pair) => pair.join("="))),
    ]),
  );
}
