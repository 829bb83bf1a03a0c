const encoder = new TextEncoder();
const HEX = "0123456789ABCDEF";

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    byte === 0x2a || // *
    byte === 0x2d || // -
    byte === 0x2e || // .
    byte === 0x5f // _
  );
}

/**
 * The application/x-www-form-urlencoded byte serializer (WHATWG URL §5.2), which RFC 6749 §2.3.1 requires for
 * the client id and secret inside HTTP Basic credentials: `+`, `:`, `%` and every other reserved byte are
 * percent-encoded and a space becomes `+`, so a secret round-trips through any compliant server.
 */
export function formEncode(value: string): string {
  // Parts joined once: a string grown by `+=` stays a rope of small pieces for as long as a client keeps it.
  const parts: string[] = [];
  for (const byte of encoder.encode(value)) {
    if (isUnreserved(byte)) parts.push(String.fromCharCode(byte));
    else if (byte === 0x20) parts.push("+");
    else parts.push("%" + HEX[byte >>> 4]! + HEX[byte & 15]!);
  }
  return parts.join("");
}
