/** The key pair a DPoP key signs proofs with: generated, or the user's own, checked to be a matching pair. */
import { INVALID_KEY, OccError } from "@occ/core";
import { SIGNING_ALGS, type SigningAlg } from "./algorithms.js";
import { isCryptoKey } from "./crypto-key.js";
import type { ProofKey } from "./dpop-proof.js";
import { cryptoFailed, invalidKey } from "./errors.js";
import { checkPrivateKey, type PrivateKeyInput } from "./private-key.js";
import { publicMembers } from "./thumbprint.js";

const WHERE = "dpopKey";

/** Whether `value` is a `CryptoKeyPair` (two CryptoKeys); what they are is checked afterwards. */
export function isKeyPair(value: unknown): value is CryptoKeyPair {
  const pair = value as Partial<CryptoKeyPair> | null;
  return typeof pair === "object" && pair !== null && isCryptoKey(pair.privateKey) && isCryptoKey(pair.publicKey);
}

async function exportPublic(key: CryptoKey): Promise<ProofKey["publicJwk"]> {
  return publicMembers(await crypto.subtle.exportKey("jwk", key));
}

/** A new non-extractable key pair for `alg`. */
export async function generateProofKey(alg: SigningAlg): Promise<ProofKey> {
  const rsa = { modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) };
  const params = SIGNING_ALGS[alg].keyType === "RSA" ? { ...SIGNING_ALGS[alg].importParams, ...rsa } : SIGNING_ALGS[alg].importParams;
  const pair = (await crypto.subtle.generateKey(params, false, ["sign", "verify"])) as CryptoKeyPair;
  return { alg, privateKey: pair.privateKey, publicJwk: await exportPublic(pair.publicKey) };
}

/** Signs and verifies a test message, so a public key that does not belong to the private key is caught here. */
async function checkPair(key: ProofKey): Promise<void> {
  const { importParams, signParams } = SIGNING_ALGS[key.alg];
  const message = new TextEncoder().encode("occ-keys DPoP key pair check");
  const publicKey = await crypto.subtle.importKey("jwk", key.publicJwk, importParams, true, ["verify"]);
  const signature = await crypto.subtle.sign(signParams, key.privateKey, message);
  if (!(await crypto.subtle.verify(signParams, publicKey, signature, message))) {
    throw invalidKey(WHERE, "the public key does not belong to the private key");
  }
}

async function publicOf(input: unknown, load: (extractable: boolean) => Promise<CryptoKey>): Promise<ProofKey["publicJwk"]> {
  if (isKeyPair(input)) {
    if (input.publicKey.type !== "public") throw invalidKey(WHERE, "the key pair's publicKey is not a public key");
    return exportPublic(input.publicKey);
  }
  try {
    return await exportPublic(await load(true));
  } catch (error) {
    if (isCryptoKey(input)) {
      throw invalidKey(WHERE, "a non-extractable private CryptoKey does not reveal its public key; pass { privateKey, publicKey }");
    }
    throw cryptoFailed(INVALID_KEY, WHERE, "importing the key", error);
  }
}

/** The user's key for DPoP: a `CryptoKeyPair`, or a private key whose public key is read from it. */
export async function userProofKey(input: CryptoKeyPair | PrivateKeyInput, requestedAlg: unknown): Promise<ProofKey> {
  const checked = checkPrivateKey(WHERE, isKeyPair(input) ? input.privateKey : input, requestedAlg);
  const publicJwk = checked.info.publicJwk ?? (await publicOf(input, checked.load));
  let key: ProofKey;
  try {
    key = { alg: checked.alg, privateKey: await checked.load(false), publicJwk };
    await checkPair(key);
  } catch (error) {
    throw error instanceof OccError ? error : cryptoFailed(INVALID_KEY, WHERE, "checking the key pair", error);
  }
  return key;
}
