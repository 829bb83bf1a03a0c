/** dpopKey: the key, its thumbprint and its proofs, verified by jose; and the keys it refuses. */
import { createHash, webcrypto } from "node:crypto";
import { inspect } from "node:util";
import { INVALID_KEY, INVALID_OPTIONS, OccError } from "@occ/core";
import { calculateJwkThumbprint, decodeProtectedHeader, EmbeddedJWK, jwtVerify } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { dpopKey, type DPoPKey } from "../src/index.ts";
import { ALGS, materialFragments, testKey } from "./keys.ts";

afterEach(() => vi.restoreAllMocks());

async function verifiedProof(key: DPoPKey, proof: string) {
  const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, { typ: "dpop+jwt", algorithms: [key.alg] });
  expect(await calculateJwkThumbprint(protectedHeader.jwk!)).toBe(key.thumbprint);
  return { payload, protectedHeader };
}

describe("dpopKey()", () => {
  it("generates a non-extractable ES256 key pair, and accepts only DPoP tokens by default", async () => {
    const generateKey = vi.spyOn(crypto.subtle, "generateKey");
    const key = await dpopKey();
    expect(generateKey).toHaveBeenCalledTimes(1);
    expect(generateKey.mock.calls[0]!.slice(0, 2)).toEqual([{ name: "ECDSA", namedCurve: "P-256" }, false]);
    expect(key.alg).toBe("ES256");
    expect(key.tokenTypes).toEqual(["dpop"]);
    expect(key.thumbprint).toMatch(/^[\w-]{43}$/);
    expect(Object.isFrozen(key) && Object.isFrozen(key.tokenTypes)).toBe(true);
    expect((await dpopKey({ allowBearer: true })).tokenTypes).toEqual(["dpop", "bearer"]);
    expect((await dpopKey()).thumbprint).not.toBe(key.thumbprint);
  });

  it("signs proofs (RFC 9449 §4.2): typ, alg, public jwk, htm, htu without query and fragment, iat, jti", async () => {
    const key = await dpopKey();
    const before = Math.floor(Date.now() / 1000);
    const { payload, protectedHeader } = await verifiedProof(key, await key.proof("post", "https://as.example/token?x=1#frag"));
    expect(protectedHeader).toEqual({ typ: "dpop+jwt", alg: "ES256", jwk: { kty: "EC", crv: "P-256", x: expect.any(String), y: expect.any(String) } });
    expect(Object.keys(payload).sort()).toEqual(["htm", "htu", "iat", "jti"]);
    expect(payload).toMatchObject({ htm: "POST", htu: "https://as.example/token" });
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    const other = await verifiedProof(key, await key.proof("patch", new URL("https://api.example/x")));
    expect(other.payload.htm).toBe("patch"); // fetch sends PATCH as given, so the proof must too
    expect(other.payload.jti).not.toBe(payload.jti);
  });

  it("binds a proof to an access token with ath = base64url(SHA-256(token))", async () => {
    const key = await dpopKey();
    const { payload } = await verifiedProof(key, await key.proof("GET", "https://api.example/data", "token.value-123"));
    expect(payload.ath).toBe(createHash("sha256").update("token.value-123").digest("base64url"));
  });

  it.each(ALGS)("generates %s keys on request", async (alg) => {
    const key = await dpopKey({ alg });
    expect(decodeProtectedHeader(await key.proof("GET", "https://api.example/")).alg).toBe(alg);
    await verifiedProof(key, await key.proof("GET", "https://api.example/"));
  });
});

describe("dpopKey({ key })", () => {
  it.each(ALGS)("%s from a PEM and a JWK: the thumbprint of that key", async (alg) => {
    const test = testKey(alg);
    const expected = await calculateJwkThumbprint(test.publicJwk);
    for (const input of [test.pem, test.jwk, JSON.stringify(test.jwk)]) {
      const key = await dpopKey({ key: input, alg });
      expect(key.thumbprint).toBe(expected);
      await verifiedProof(key, await key.proof("GET", "https://api.example/"));
    }
  });

  it("from a CryptoKeyPair, and from an extractable private CryptoKey alone", async () => {
    const pair = (await webcrypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as unknown as CryptoKeyPair;
    const expected = await calculateJwkThumbprint(await webcrypto.subtle.exportKey("jwk", pair.publicKey as webcrypto.CryptoKey));
    expect((await dpopKey({ key: pair })).thumbprint).toBe(expected);
    expect((await dpopKey({ key: pair.privateKey })).thumbprint).toBe(expected);
  });

  it("keeps no key material where inspect or JSON can see it", async () => {
    const test = testKey("ES256");
    const key = await dpopKey({ key: test.pem });
    for (const text of [inspect(key, { showHidden: true, depth: 10 }), JSON.stringify(key)]) {
      for (const fragment of materialFragments(test.pem, test.jwk.d!)) expect(text).not.toContain(fragment);
    }
  });

  async function refusal(options: Parameters<typeof dpopKey>[0]): Promise<OccError> {
    const error = await dpopKey(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OccError);
    expect((error as OccError).cause).toBeUndefined();
    return error as OccError;
  }

  it("refuses keys it cannot use, with OCC_INVALID_KEY", async () => {
    const ec = testKey("ES256");
    const pair = (await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"])) as CryptoKeyPair;
    const otherPair = (await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"])) as CryptoKeyPair;
    const cases: [Parameters<typeof dpopKey>[0], RegExp][] = [
      [{ key: pair.privateKey }, /non-extractable private CryptoKey does not reveal its public key; pass \{ privateKey, publicKey \}/],
      [{ key: { privateKey: pair.privateKey, publicKey: otherPair.publicKey } }, /public key does not belong to the private key/],
      [{ key: { privateKey: pair.publicKey, publicKey: pair.publicKey } }, /CryptoKey is a public key/],
      [{ key: ec.publicJwk }, /public key \(no "d"\)/],
      [{ key: ec.pem, alg: "RS256" }, /alg RS256 needs a RSA key/],
      [{ alg: "HS256" as never }, /alg must be ES256, EdDSA, PS256 or RS256/],
    ];
    for (const [options, message] of cases) {
      const error = await refusal(options);
      expect(error.code).toBe(INVALID_KEY);
      expect(error.message).toMatch(message);
    }
  });

  it("refuses a non-boolean allowBearer and a missing fetch, with OCC_INVALID_OPTIONS", async () => {
    expect((await refusal({ allowBearer: "yes" as never })).code).toBe(INVALID_OPTIONS);
    const key = await dpopKey();
    expect(() => key.wrapFetch(undefined as never)).toThrow(expect.objectContaining({ code: INVALID_OPTIONS }));
  });
});
