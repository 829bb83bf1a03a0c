// Our own codec: core may not use Buffer, btoa/atob or Web Crypto, so that it runs unchanged on every runtime.
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard base64 (RFC 4648 §4) with padding. */
export function encodeBase64(bytes: Uint8Array): string {
  // Digits joined once: a string grown by `+=` stays a rope of small pieces for as long as a client keeps it.
  const digits: string[] = [];
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    // Only the last 14 bits are ever read: masking keeps the number small.
    value = ((value << 8) | byte) & 0x3fff;
    for (bits += 8; bits >= 6; ) digits.push(ALPHABET[(value >>> (bits -= 6)) & 63]!);
  }
  if (bits > 0) digits.push(ALPHABET[(value << (6 - bits)) & 63]!);
  return digits.join("") + "==".slice(0, (4 - (digits.length % 4)) % 4);
}

/**
 * Decodes base64 or base64url, padded or not (RFC 4648 §4 and §5). Returns undefined for anything that is not
 * exactly that, so callers can treat it as "not a JWT".
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  const digits = text.replace(/={1,2}$/, "").replace(/-/g, "+").replace(/_/g, "/");
  if (digits.length % 4 === 1) return undefined;
  const out = new Uint8Array((digits.length * 3) >> 2);
  let bits = 0;
  let value = 0;
  let o = 0;
  for (const char of digits) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) return undefined;
    value = ((value << 6) | digit) & 0x3fff;
    if ((bits += 6) >= 8) out[o++] = value >>> (bits -= 8);
  }
  return out;
}
