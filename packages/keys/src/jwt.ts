/** Compact JWS (RFC 7515 §7.1) signing of a JSON header and payload with a Web Crypto key. */
import { CLIENT_ASSERTION_FAILED, type OccErrorCode } from "@occ/core";
import { type HmacAlg, SIGNING_ALGS, type SigningAlg } from "./algorithms.js";
import { base64url, base64urlText } from "./base64url.js";
import { cryptoFailed } from "./errors.js";

const encoder = new TextEncoder();

/** Signs `header.payload`; a Web Crypto failure becomes an `OccError` with `code` that carries no key material. */
export async function signJwt(
  where: string,
  key: CryptoKey,
  alg: SigningAlg | HmacAlg,
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  code: OccErrorCode = CLIENT_ASSERTION_FAILED,
): Promise<string> {
  const input = `${base64urlText(JSON.stringify(header))}.${base64urlText(JSON.stringify(payload))}`;
  const params = alg in SIGNING_ALGS ? SIGNING_ALGS[alg as SigningAlg].signParams : { name: "HMAC" };
  let signature: ArrayBuffer;
  try {
    signature = await crypto.subtle.sign(params, key, encoder.encode(input));
  } catch (error) {
    throw cryptoFailed(code, where, "signing", error);
  }
  return `${input}.${base64url(new Uint8Array(signature))}`;
}
