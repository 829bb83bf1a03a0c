/**
 * Base64 and base64url (RFC 4648 §4, §5) on plain `Uint8Array`s, without `Buffer`, so the same code runs on every
 * runtime. Decoders are strict: they return `undefined` for anything that is not canonical input, never throw, and
 * never put the input in an error (it may be key material).
 */

const encoder = new TextEncoder();

/** Base64url without padding, as JOSE uses it. */
export function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Base64url of the UTF-8 encoding of `text`. */
export function base64urlText(text: string): string {
  return base64url(encoder.encode(text));
}

function decodeBinary(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Decodes unpadded base64url; `undefined` when `text` is not base64url. */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  return decodeBinary(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
}

/** Decodes padded base64 (a PEM body with its line breaks removed); `undefined` when it is not base64. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  return decodeBinary(text);
}
