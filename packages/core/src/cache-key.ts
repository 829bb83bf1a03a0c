// A 64-bit FNV-1a over UTF-16 code units, as two 32-bit halves: no Web Crypto in core, and the key only has to
// separate configurations, not resist an attacker (it never contains or derives from the secret).
function fnv1a64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x0100019d) ^ (h1 >>> 15);
  }
  return (h1 >>> 0).toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0");
}

/** The parts of a configuration that change which token the server issues. Never the secret. */
export interface CacheKeyParts {
  endpoint: string;
  clientId: string;
  authMethod: string;
  scope: readonly string[];
  audience: string | undefined;
  resource: readonly string[];
  params: readonly (readonly [string, string])[];
}

/**
 * A short, stable store key (`occ:` and 16 hex digits). Scope, resource and params are sorted, so their order
 * does not split the cache; the result fits every store's key limits (Workers KV allows 512 bytes).
 */
export function cacheKey(parts: CacheKeyParts): string {
  const canonical = JSON.stringify([
    parts.endpoint,
    parts.clientId,
    parts.authMethod,
    [...parts.scope].sort(),
    parts.audience ?? null,
    [...parts.resource].sort(),
    [...parts.params].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1)),
  ]);
  return "occ:" + fnv1a64(canonical);
}
