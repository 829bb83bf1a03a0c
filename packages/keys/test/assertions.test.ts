/** The assertions themselves, verified by an independent implementation (jose), and their credential ids. */
import { webcrypto } from "node:crypto";
import { inspect } from "node:util";
import { calculateJwkThumbprint, decodeProtectedHeader, jwtVerify } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ClientAssertion } from "@occ/core";
import { clientSecretJwt, privateKeyJwt } from "../src/index.ts";
import { ALGS, materialFragments, testKey } from "./keys.ts";

const ctx = { tokenUrl: "https://as.example/oauth/token", clientId: "client:one" };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

afterEach(() => vi.restoreAllMocks());

async function nonExtractable(alg: (typeof ALGS)[number]): Promise<CryptoKey> {
  const key = testKey(alg);
  const params = { RS256: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, PS256: { name: "RSA-PSS", hash: "SHA-256" }, ES256: { name: "ECDSA", namedCurve: "P-256" }, EdDSA: { name: "Ed25519" } }[alg];
  return (await webcrypto.subtle.importKey("pkcs8", key.privateKey.export({ type: "pkcs8", format: "der" }), params, false, ["sign"])) as CryptoKey;
}

describe("privateKeyJwt", () => {
  describe.each(ALGS)("%s", (alg) => {
    const key = testKey(alg);
    it.each([
      ["a PKCS#8 PEM", () => key.pem],
      ["a JWK object", () => key.jwk],
      ["JWK JSON text", () => JSON.stringify(key.jwk)],
      ["a non-extractable CryptoKey", () => nonExtractable(alg)],
    ])("signs RFC 7523 assertions from %s", async (_form, input) => {
      const assertion = privateKeyJwt((await input()) as string, { alg, kid: "key-1" });
      const before = Math.floor(Date.now() / 1000);
      const jwt = await assertion(ctx);
      const { payload, protectedHeader } = await jwtVerify(jwt, key.publicKey, { algorithms: [alg], issuer: ctx.clientId, subject: ctx.clientId, audience: ctx.tokenUrl });
      expect(protectedHeader).toEqual({ alg, typ: "JWT", kid: "key-1" });
      expect(Object.keys(payload).sort()).toEqual(["aud", "exp", "iat", "iss", "jti", "sub"]);
      expect(payload.aud).toBe(ctx.tokenUrl);
      expect(payload.jti).toMatch(UUID);
      expect(payload.iat).toBeGreaterThanOrEqual(before);
      expect(payload.iat).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
      expect(payload.exp! - payload.iat!).toBe(60);
    });
  });

  it("uses the default alg of the key type: RS256 for RSA, ES256 for P-256, EdDSA for Ed25519", async () => {
    for (const [alg, expected] of [["PS256", "RS256"], ["ES256", "ES256"], ["EdDSA", "EdDSA"]] as const) {
      expect(decodeProtectedHeader(await privateKeyJwt(testKey(alg).pem)(ctx)).alg).toBe(expected);
    }
  });

  it("puts the issuer beside the token endpoint in aud when core knows it, and honours lifetime", async () => {
    const key = testKey("ES256");
    const jwt = await privateKeyJwt(key.pem, { lifetime: 30 })({ ...ctx, issuer: "https://as.example" });
    const { payload } = await jwtVerify(jwt, key.publicKey, { audience: "https://as.example" });
    expect(payload.aud).toEqual([ctx.tokenUrl, "https://as.example"]);
    expect(payload.exp! - payload.iat!).toBe(30);
  });

  it("gives every assertion its own jti", async () => {
    const assertion = privateKeyJwt(testKey("ES256").pem);
    const jwts = await Promise.all(Array.from({ length: 20 }, () => assertion(ctx)));
    const jtis = await Promise.all(jwts.map(async (jwt) => (await jwtVerify(jwt, testKey("ES256").publicKey)).payload.jti));
    expect(new Set(jtis).size).toBe(20);
  });

  it("takes the kid from the JWK unless the option names one", async () => {
    const jwk = { ...testKey("ES256").jwk, kid: "from-jwk" };
    expect(decodeProtectedHeader(await privateKeyJwt(jwk)(ctx)).kid).toBe("from-jwk");
    expect(decodeProtectedHeader(await privateKeyJwt(jwk, { kid: "from-option" })(ctx)).kid).toBe("from-option");
    expect(decodeProtectedHeader(await privateKeyJwt(testKey("ES256").pem)(ctx))).not.toHaveProperty("kid");
  });

  it("returns the assertion synchronously and imports the key once, non-extractable, on first use", async () => {
    const importKey = vi.spyOn(crypto.subtle, "importKey");
    const assertion = privateKeyJwt(testKey("RS256").pem);
    expect(typeof assertion).toBe("function");
    expect(importKey).not.toHaveBeenCalled();
    await Promise.all([assertion(ctx), assertion(ctx), assertion(ctx)]);
    await assertion(ctx);
    expect(importKey).toHaveBeenCalledTimes(1);
    expect(importKey.mock.calls[0]![3]).toBe(false);
  });
});

describe("privateKeyJwt credentialId", () => {
  it.each(["RS256", "ES256"] as const)("%s: the RFC 7638 thumbprint, the same from the PEM and the JWK", async (alg) => {
    const key = testKey(alg);
    const expected = `jkt:${await calculateJwkThumbprint(key.publicJwk)}`;
    expect(privateKeyJwt(key.pem).credentialId).toBe(expected);
    expect(privateKeyJwt(key.jwk).credentialId).toBe(expected);
    expect(privateKeyJwt(key.pem, { kid: "k1" }).credentialId).toBe(`kid:k1 ${expected}`);
    expect(privateKeyJwt(testKey(alg, "other").pem).credentialId).not.toBe(expected);
  });

  it("Ed25519: the thumbprint from a JWK; a 96-bit fingerprint from a PEM without the public key", async () => {
    const key = testKey("EdDSA");
    expect(privateKeyJwt(key.jwk).credentialId).toBe(`jkt:${await calculateJwkThumbprint(key.publicJwk)}`);
    const fingerprint = privateKeyJwt(key.pem).credentialId!;
    expect(fingerprint).toMatch(/^fp:[\w-]{16}$/);
    expect(privateKeyJwt(key.pem).credentialId).toBe(fingerprint);
    expect(privateKeyJwt(testKey("EdDSA", "other").pem).credentialId).not.toBe(fingerprint);
  });

  it("a CryptoKey, which cannot be read synchronously: the kid, or none", async () => {
    const key = await nonExtractable("ES256");
    expect(privateKeyJwt(key).credentialId).toBeUndefined();
    expect(privateKeyJwt(key, { kid: "k2" }).credentialId).toBe("kid:k2");
  });

  it("reveals no key material, and neither do inspect, JSON or String of the assertion", async () => {
    for (const alg of ALGS) {
      const key = testKey(alg);
      const fragments = materialFragments(key.pem, key.jwk.d!);
      const assertion = privateKeyJwt(key.pem, { kid: "k" });
      await assertion(ctx);
      for (const text of [assertion.credentialId!, inspect(assertion, { showHidden: true, depth: 10 }), String(assertion), JSON.stringify({ assertion })]) {
        for (const fragment of fragments) expect(text.includes(fragment), `${fragment} in ${text}`).toBe(false);
      }
    }
  });
});

describe("clientSecretJwt", () => {
  const SECRET = "an HMAC secret of 64 characters or more, so that HS512 is happy!";

  it.each(["HS256", "HS384", "HS512"] as const)("%s assertions verify with the secret", async (alg) => {
    const jwt = await clientSecretJwt(SECRET, { alg })({ ...ctx, issuer: "https://as.example" });
    const { payload, protectedHeader } = await jwtVerify(jwt, new TextEncoder().encode(SECRET), { algorithms: [alg], issuer: ctx.clientId, subject: ctx.clientId });
    expect(protectedHeader).toEqual({ alg, typ: "JWT" });
    expect(payload.aud).toEqual([ctx.tokenUrl, "https://as.example"]);
    expect(payload.jti).toMatch(UUID);
    expect(payload.exp! - payload.iat!).toBe(60);
  });

  it("defaults to HS256", async () => {
    expect(decodeProtectedHeader(await clientSecretJwt(SECRET)(ctx)).alg).toBe("HS256");
  });

  it("has a 16-bit credentialId: stable for a secret, different for another one", () => {
    const id = clientSecretJwt(SECRET).credentialId;
    expect(id).toMatch(/^hs:[0-9a-f]{4}$/);
    expect(clientSecretJwt(SECRET, { alg: "HS512" }).credentialId).toBe(id);
    expect(clientSecretJwt(`${SECRET}.`).credentialId).not.toBe(id);
  });

  it("never shows the secret: not in inspect, JSON, String or any property of the assertion", async () => {
    const assertion: ClientAssertion = clientSecretJwt(SECRET);
    const renderings = () => [
      inspect(assertion, { showHidden: true, depth: 10 }),
      String(assertion),
      JSON.stringify(assertion) ?? "",
      JSON.stringify({ assertion, id: assertion.credentialId }),
      ...Object.getOwnPropertyNames(assertion).map((name) => String((assertion as unknown as Record<string, unknown>)[name])),
    ];
    const before = renderings();
    await assertion(ctx);
    for (const text of [...before, ...renderings()]) {
      for (const fragment of [SECRET, ...materialFragments(SECRET), Buffer.from(SECRET).toString("base64")]) expect(text).not.toContain(fragment);
    }
  });

  it("imports the secret as a non-extractable HMAC key, once", async () => {
    const importKey = vi.spyOn(crypto.subtle, "importKey");
    const assertion = clientSecretJwt(SECRET, { alg: "HS384" });
    await Promise.all([assertion(ctx), assertion(ctx)]);
    expect(importKey).toHaveBeenCalledTimes(1);
    expect(importKey.mock.calls[0]!.slice(2)).toEqual([{ name: "HMAC", hash: "SHA-384" }, false, ["sign"]]);
  });
});

it("an RSA key made by node:crypto and one made by Web Crypto both work (no PEM detail depends on the tool)", async () => {
  const pair = (await webcrypto.subtle.generateKey({ name: "RSA-PSS", hash: "SHA-256", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  const der = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", pair.privateKey as webcrypto.CryptoKey));
  const pem = `-----BEGIN PRIVATE KEY-----\n${der.toString("base64").replace(/.{64}/g, "$&\n")}\n-----END PRIVATE KEY-----\n`;
  const jwt = await privateKeyJwt(pem, { alg: "PS256" })(ctx);
  await expect(jwtVerify(jwt, pair.publicKey)).resolves.toBeDefined();
});
