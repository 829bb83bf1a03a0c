import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBase64, encodeBase64 } from "../src/util/base64.ts";
import { formEncode } from "../src/util/form.ts";

describe("base64", () => {
  it("encodes like the platform reference for any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
      }),
      { numRuns: 1000 },
    );
  });

  it("decodes base64 and base64url, padded or not, back to the same bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const standard = Buffer.from(bytes).toString("base64");
        const url = Buffer.from(bytes).toString("base64url");
        expect(decodeBase64(standard)).toEqual(new Uint8Array(bytes));
        expect(decodeBase64(url)).toEqual(new Uint8Array(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it("refuses text that is not base64", () => {
    for (const bad of ["a", "ab!d", "é", "abc===", "a=bc"]) expect(decodeBase64(bad)).toBeUndefined();
  });
});

describe("formEncode", () => {
  const reference = (value: string) => new URLSearchParams([["x", value]]).toString().slice(2);

  it("matches the WHATWG application/x-www-form-urlencoded serializer for any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 80 }), (value) => formEncode(value) === reference(value)),
      { numRuns: 1000 },
    );
    fc.assert(
      // Lone surrogates become U+FFFD in both.
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (value) => formEncode(value) === reference(value)),
      { numRuns: 1000 },
    );
  });

  it("encodes the characters that break naive Basic auth", () => {
    expect(formEncode("a+b/c:d%e&f=g~h!i*j'k(l)m n")).toBe("a%2Bb%2Fc%3Ad%25e%26f%3Dg%7Eh%21i*j%27k%28l%29m+n");
    expect(formEncode("ünï€😀")).toBe("%C3%BCn%C3%AF%E2%82%AC%F0%9F%98%80");
  });

  it("round-trips through the decoding a server does (split on the first ':' then form-decode)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 60 }), (id, secret) => {
        const header = encodeBase64(new TextEncoder().encode(`${formEncode(id)}:${formEncode(secret)}`));
        const decoded = Buffer.from(header, "base64").toString("utf8");
        const colon = decoded.indexOf(":");
        const formDecode = (text: string) => new URLSearchParams(`x=${text}`).get("x");
        expect(formDecode(decoded.slice(0, colon))).toBe(id.toWellFormed());
        expect(formDecode(decoded.slice(colon + 1))).toBe(secret.toWellFormed());
      }),
      { numRuns: 1000 },
    );
  });
});
