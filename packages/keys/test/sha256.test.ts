import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha256 } from "../src/sha256.ts";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("sha256 (synchronous, for credential ids)", () => {
  it("matches the FIPS 180-4 test vectors", () => {
    const text = (value: string) => hex(sha256(new TextEncoder().encode(value)));
    expect(text("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(text("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(text("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  it("agrees with crypto.subtle on random inputs of every length around the block boundaries", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 300 }), async (bytes) => {
        const expected = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
        expect(hex(sha256(bytes))).toBe(hex(expected));
      }),
      { numRuns: 300 },
    );
  });
});
