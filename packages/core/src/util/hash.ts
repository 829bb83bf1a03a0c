// A 64-bit FNV-1a over UTF-16 code units, as two 32-bit halves: core has no Web Crypto, and these hashes only
// separate configurations; nothing secret is hashed at full length (see `fingerprint`).
function fnv1a(text: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x0100019d) ^ (h1 >>> 15);
  }
  return [h1 >>> 0, h2 >>> 0];
}

const hex = (n: number, digits: number) => n.toString(16).padStart(8, "0").slice(8 - digits);

/** 16 hex digits identifying `text`. */
export function hash64(text: string): string {
  const [h1, h2] = fnv1a(text);
  return hex(h1, 8) + hex(h2, 8);
}

/**
 * 20 bits (5 hex digits) of a secret, salted with `salt`: enough that clients with different secrets almost never
 * share a cache entry (1 in a million), too little for a reader of the store to confirm a guess of the secret.
 */
export function fingerprint(secret: string, salt: string): string {
  return hex(fnv1a(salt + "\n" + secret)[1], 5);
}
