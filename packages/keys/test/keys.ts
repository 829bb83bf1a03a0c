/** Test keys, made with node:crypto so every encoding (PEM, JWK, CryptoKey) of the same key is at hand. */
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import type { SigningAlg } from "../src/index.ts";

/** One key pair in every form a test needs. */
export interface TestKey {
  alg: SigningAlg;
  pem: string;
  jwk: JsonWebKey;
  publicJwk: JsonWebKey;
  publicPem: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const cache = new Map<string, TestKey>();

/** A fresh key pair for `alg` (RSA keys are 2048 bits), or the cached one for `label`. */
export function testKey(alg: SigningAlg, label = "default"): TestKey {
  const cacheKey = `${alg}/${label}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const { privateKey, publicKey } =
    alg === "ES256"
      ? generateKeyPairSync("ec", { namedCurve: "P-256" })
      : alg === "EdDSA"
        ? generateKeyPairSync("ed25519")
        : generateKeyPairSync("rsa", { modulusLength: 2048 });
  const key: TestKey = {
    alg,
    pem: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
    jwk: privateKey.export({ format: "jwk" }),
    publicJwk: publicKey.export({ format: "jwk" }),
    publicPem: publicKey.export({ type: "spki", format: "pem" }) as string,
    privateKey,
    publicKey,
  };
  cache.set(cacheKey, key);
  return key;
}

/** Every algorithm, for `it.each`. */
export const ALGS: readonly SigningAlg[] = ["RS256", "PS256", "ES256", "EdDSA"];

/**
 * Pieces of key material to look for in text: every 12-character window (stride 4) of the PEM body and of each
 * private JWK member, so even a fragment of the key is caught.
 */
export function materialFragments(...sources: string[]): string[] {
  const fragments: string[] = [];
  for (const source of sources) {
    const clean = source.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
    for (let i = 0; i + 12 <= clean.length; i += 4) fragments.push(clean.slice(i, i + 12));
  }
  return fragments;
}

/** The private members of a JWK, as strings to scan for. */
export function privateMembers(jwk: JsonWebKey): string[] {
  return (["d", "p", "q", "dp", "dq", "qi", "k"] as const).map((name) => jwk[name]).filter((value): value is string => typeof value === "string");
}
