/**
 * Every bad key, secret or option is refused when the assertion is created, with a typed OccError naming the
 * problem — and no error ever carries key material, not even a fragment.
 */
import { generateKeyPairSync, type KeyObject, webcrypto } from "node:crypto";
import { inspect } from "node:util";
import { CLIENT_ASSERTION_FAILED, INVALID_KEY, INVALID_OPTIONS, OccError } from "@occ/core";
import { describe, expect, it } from "vitest";
import { clientSecretJwt, privateKeyJwt } from "../src/index.ts";
import { materialFragments, privateMembers, testKey } from "./keys.ts";

const rsa = testKey("RS256");
const ec = testKey("ES256");
const SECRET = "client-secret-Vq8&Zp!2x";

function pkcs8Pem(pair: { privateKey: KeyObject }): string {
  return pair.privateKey.export({ type: "pkcs8", format: "pem" }) as string;
}

/** Runs `create`, expects an OccError with `code`, and checks no rendering of it holds any of `material`. */
function expectRefused(create: () => unknown, code: string, message: RegExp, material: string[]): OccError {
  let caught: unknown;
  try {
    create();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(OccError);
  const error = caught as OccError;
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
  expectNoMaterial(error, material);
  return error;
}

function expectNoMaterial(error: OccError, material: string[]): void {
  expect(error.cause).toBeUndefined();
  const renderings = [error.message, error.stack ?? "", String(error), JSON.stringify(error), inspect(error, { showHidden: true, depth: 10 })];
  for (const text of renderings) {
    for (const fragment of material) expect(text.includes(fragment), `key material ${fragment} in: ${text}`).toBe(false);
  }
}

const encryptedPem = rsa.privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "pass" }) as string;
const pkcs1Pem = rsa.privateKey.export({ type: "pkcs1", format: "pem" }) as string;
const sec1Pem = ec.privateKey.export({ type: "sec1", format: "pem" }) as string;
const p384Pem = pkcs8Pem(generateKeyPairSync("ec", { namedCurve: "P-384" }));
const x25519Pem = pkcs8Pem(generateKeyPairSync("x25519"));
const ed448Pem = pkcs8Pem(generateKeyPairSync("ed448"));
const pssPem = pkcs8Pem(generateKeyPairSync("rsa-pss", { modulusLength: 2048 }));
const rsa1024Pem = pkcs8Pem(generateKeyPairSync("rsa", { modulusLength: 1024 }));
// Whole lines kept, so the base64 is valid and the DER inside is cut short.
const truncatedPem = rsa.pem.split("\n").slice(0, 12).join("\n") + "\n-----END PRIVATE KEY-----\n";
const body = rsa.pem.split("\n").slice(1, -2).join("\n");

describe("privateKeyJwt refuses at creation, with OCC_INVALID_KEY", () => {
  it.each([
    ["a PEM whose body is not base64", `-----BEGIN PRIVATE KEY-----\n${body.slice(0, 40)}!!${body.slice(40)}\n-----END PRIVATE KEY-----`, /not valid base64/],
    ["a truncated PEM", truncatedPem, /not a PKCS#8 private key/],
    ["a PEM without its END line", rsa.pem.replace("-----END PRIVATE KEY-----", ""), /no complete/],
    ["a PEM with mismatched labels", rsa.pem.replace("END PRIVATE KEY", "END RSA PRIVATE KEY"), /BEGIN and END labels differ/],
    ["random bytes in a PEM", `-----BEGIN PRIVATE KEY-----\n${Buffer.from("x".repeat(48)).toString("base64")}\n-----END PRIVATE KEY-----`, /not a PKCS#8/],
    ["two private keys in one PEM", rsa.pem + ec.pem, /more than one private key/],
    ["a PKCS#1 RSA PEM", pkcs1Pem, /PKCS#1 .*openssl pkcs8 -topk8/],
    ["a SEC1 EC PEM", sec1Pem, /SEC1 .*openssl pkcs8 -topk8/],
    ["an encrypted PKCS#8 PEM", encryptedPem, /encrypted private key; decrypt it first/],
    ["a public key PEM", rsa.publicPem, /public key; signing needs the private key/],
    ["a P-384 key", p384Pem, /P-384, which is not supported/],
    ["an X25519 key", x25519Pem, /X25519 .*not supported/],
    ["an Ed448 key", ed448Pem, /Ed448, which is not supported/],
    ["an RSASSA-PSS-restricted key", pssPem, /RSASSA-PSS-restricted/],
    ["a 1024-bit RSA key", rsa1024Pem, /1024 bits; RS256 needs at least 2048/],
    ["an empty string", "", /the key is empty/],
    ["a string that is neither PEM nor JSON", body, /neither a PEM .* nor a JWK/],
  ])("%s", (_name, key, message) => {
    expectRefused(() => privateKeyJwt(key, { kid: "k" }), INVALID_KEY, message, materialFragments(key));
  });

  it.each([
    ["a public JWK", rsa.publicJwk, /public key \(no "d"\)/],
    ["a symmetric JWK", { kty: "oct", k: "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0" }, /symmetric key \(kty "oct"\); for HMAC use clientSecretJwt/],
    ["a JWK without kty", { ...ec.jwk, kty: undefined }, /"kty" must be/],
    ["a P-384 JWK", generateKeyPairSync("ec", { namedCurve: "P-384" }).privateKey.export({ format: "jwk" }), /curve \(crv\) is "P-384"/],
    ["a JWK with a member that is not base64url", { ...ec.jwk, y: "not base64url!" }, /"y" is missing or not base64url/],
    ["a JWK with a short coordinate", { ...ec.jwk, x: ec.jwk.x!.slice(0, 20) }, /"x" must be 32 bytes/],
    ["an RSA JWK without its CRT members", { ...rsa.jwk, qi: undefined }, /"qi" is missing/],
    ["a JWK whose alg is not supported", { ...ec.jwk, alg: "ES384" }, /"alg" is not one of/],
    ["a JWK with an empty kid", { ...ec.jwk, kid: "" }, /"kid" must be a non-empty string/],
  ])("%s", (_name, jwk, message) => {
    const text = JSON.stringify(jwk);
    expectRefused(() => privateKeyJwt(jwk as JsonWebKey), INVALID_KEY, message, [...privateMembers(jwk as JsonWebKey), ...materialFragments(text)]);
  });

  it("JWK JSON text that does not parse, without quoting it (JSON.parse's own message would)", () => {
    const text = JSON.stringify(ec.jwk).slice(0, -10);
    expectRefused(() => privateKeyJwt(text), INVALID_KEY, /starts with \{ but is not valid JSON/, [ec.jwk.d!, ...materialFragments(text)]);
  });

  it.each([
    ["RS512", rsa.pem, /alg "RS512" is not supported; use RS256, PS256, ES256 or EdDSA$/],
    ["HS256", rsa.pem, /alg "HS256" is not supported.*\(HMAC: use clientSecretJwt\)/],
    ["ES256", rsa.pem, /alg ES256 needs a EC P-256 key, but the key is RSA/],
    ["RS256", ec.pem, /alg RS256 needs a RSA key, but the key is EC P-256/],
    ["EdDSA", ec.pem, /alg EdDSA needs a Ed25519 key/],
  ])("alg %s for that key", (alg, key, message) => {
    expectRefused(() => privateKeyJwt(key, { alg: alg as "RS256" }), INVALID_KEY, message, materialFragments(key));
  });

  it("an alg that differs from the JWK's own alg", () => {
    expectRefused(() => privateKeyJwt({ ...rsa.jwk, alg: "RS256" }, { alg: "PS256" }), INVALID_KEY, /PS256 differs from the key's own algorithm RS256/, privateMembers(rsa.jwk));
  });

  it("CryptoKeys that cannot sign here: HMAC, public, bound to another alg or hash", async () => {
    const subtle = webcrypto.subtle;
    const hmac = await subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const pair = (await subtle.generateKey({ name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }, false, [
      "sign",
      "verify",
    ])) as CryptoKeyPair;
    const sha384 = await subtle.importKey("pkcs8", rsa.privateKey.export({ type: "pkcs8", format: "der" }), { name: "RSA-PSS", hash: "SHA-384" }, false, ["sign"]);
    expectRefused(() => privateKeyJwt(hmac as CryptoKey), INVALID_KEY, /symmetric \(secret\) key; for HMAC use clientSecretJwt/, []);
    expectRefused(() => privateKeyJwt(pair.publicKey as CryptoKey), INVALID_KEY, /CryptoKey is a public key/, []);
    expectRefused(() => privateKeyJwt(pair.privateKey as CryptoKey, { alg: "PS256" }), INVALID_KEY, /PS256 differs from the key's own algorithm RS256/, []);
    expectRefused(() => privateKeyJwt(sha384 as CryptoKey), INVALID_KEY, /uses SHA-384; RS256 and PS256 need SHA-256/, []);
  });

  it.each([null, 42, ["a"], undefined])("%s as the key", (key) => {
    expectRefused(() => privateKeyJwt(key as never), INVALID_KEY, /must be a CryptoKey, a private JWK, or a PKCS#8 PEM string/, []);
  });
});

describe("options are checked at creation, with OCC_INVALID_OPTIONS", () => {
  it.each([0, -5, 1.5, "60", Number.NaN])("lifetime %s", (lifetime) => {
    expectRefused(() => privateKeyJwt(ec.pem, { lifetime: lifetime as number }), INVALID_OPTIONS, /lifetime must be a whole number of seconds/, materialFragments(ec.pem));
    expectRefused(() => clientSecretJwt(SECRET, { lifetime: lifetime as number }), INVALID_OPTIONS, /lifetime must be/, [SECRET]);
  });

  it("an empty kid", () => {
    expectRefused(() => privateKeyJwt(ec.pem, { kid: "" }), INVALID_OPTIONS, /kid must be a non-empty string/, materialFragments(ec.pem));
  });
});

describe("clientSecretJwt refuses at creation, with OCC_INVALID_KEY", () => {
  it.each([
    ["an empty secret", "", undefined, /the client secret must be a non-empty string/],
    ["a secret that is not a string", 1234 as never, undefined, /the client secret must be a non-empty string/],
    ["an asymmetric alg", SECRET, "RS256", /alg must be HS256, HS384 or HS512 \(for RS256, PS256, ES256 or EdDSA use privateKeyJwt\)/],
    ["an unknown alg", SECRET, "HS1024", /alg must be HS256, HS384 or HS512/],
  ])("%s", (_name, secret, alg, message) => {
    expectRefused(() => clientSecretJwt(secret, { alg: alg as "HS256" }), INVALID_KEY, message, [SECRET]);
  });
});

describe("a key Web Crypto refuses on first use", () => {
  it("rejects with OCC_CLIENT_ASSERTION_FAILED, without the key in the message or a cause", async () => {
    // Well-formed members, but (x, y) is not a point on P-256: no structural check can tell, Web Crypto can.
    const offCurve = { ...ec.jwk, x: Buffer.alloc(32, 7).toString("base64url"), y: Buffer.alloc(32, 9).toString("base64url") };
    const assertion = privateKeyJwt(offCurve);
    const error = (await Promise.resolve(assertion({ tokenUrl: "https://as.example/token", clientId: "c" })).catch((e: unknown) => e)) as OccError;
    expect(error).toBeInstanceOf(OccError);
    expect(error.code).toBe(CLIENT_ASSERTION_FAILED);
    expect(error.message).toMatch(/^@occ\/keys privateKeyJwt: importing the key failed \(\w+\)$/);
    expectNoMaterial(error, [...privateMembers(offCurve), offCurve.x, offCurve.y]);
    // The failure is remembered: the next call fails the same way without importing again.
    await expect(assertion({ tokenUrl: "https://as.example/token", clientId: "c" })).rejects.toMatchObject({ code: CLIENT_ASSERTION_FAILED });
  });
});
