/**
 * Just enough of a DER (X.690) reader to look inside a PKCS#8 key: walk TLVs, read sequences, object identifiers,
 * integers and bit strings. Every reader returns `undefined` on malformed input instead of throwing.
 */

/** Universal tags used by the key formats. */
export const TAG = { INTEGER: 0x02, BIT_STRING: 0x03, OCTET_STRING: 0x04, NULL: 0x05, OID: 0x06, SEQUENCE: 0x30 } as const;

/** One DER element: its tag and its contents. */
export interface Tlv {
  tag: number;
  contents: Uint8Array;
}

/** Reads the element at `offset`; `end` is where the next one starts. */
function readAt(bytes: Uint8Array, offset: number): { tlv: Tlv; end: number } | undefined {
  const tag = bytes[offset];
  let lengthByte = bytes[offset + 1];
  if (tag === undefined || lengthByte === undefined) return undefined;
  let start = offset + 2;
  let length = lengthByte;
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f;
    // Keys are far below 16 MiB; more length bytes (or the indefinite form, count 0) is not DER we accept.
    if (count === 0 || count > 3 || start + count > bytes.length) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[start + i]!;
    start += count;
  }
  const end = start + length;
  if (end > bytes.length) return undefined;
  return { tlv: { tag, contents: bytes.subarray(start, end) }, end };
}

/** The single element that `bytes` consists of, with nothing after it. */
export function readElement(bytes: Uint8Array): Tlv | undefined {
  const read = readAt(bytes, 0);
  return read && read.end === bytes.length ? read.tlv : undefined;
}

/** The elements inside a constructed element's contents, in order. */
export function readChildren(contents: Uint8Array): Tlv[] | undefined {
  const children: Tlv[] = [];
  for (let offset = 0; offset < contents.length; ) {
    const read = readAt(contents, offset);
    if (!read) return undefined;
    children.push(read.tlv);
    offset = read.end;
  }
  return children;
}

/** Dotted form of an OBJECT IDENTIFIER's contents, e.g. `1.2.840.10045.2.1`. */
export function oidString(contents: Uint8Array): string | undefined {
  const first = contents[0];
  if (first === undefined) return undefined;
  const arcs = [Math.min(2, Math.floor(first / 40)), first - Math.min(2, Math.floor(first / 40)) * 40];
  let value = 0;
  for (let i = 1; i < contents.length; i++) {
    const byte = contents[i]!;
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(value);
      value = 0;
    }
  }
  if (contents.length > 1 && contents[contents.length - 1]! & 0x80) return undefined;
  return arcs.join(".");
}

/** An unsigned INTEGER's magnitude without DER's leading zero byte, as JWK wants it (RFC 7518 §6.3.1). */
export function unsignedInteger(contents: Uint8Array): Uint8Array {
  let start = 0;
  while (start < contents.length - 1 && contents[start] === 0) start++;
  return contents.subarray(start);
}

/** The bits of a BIT STRING with no unused bits (keys and points always are whole bytes). */
export function bitStringBytes(contents: Uint8Array): Uint8Array | undefined {
  return contents[0] === 0 ? contents.subarray(1) : undefined;
}
