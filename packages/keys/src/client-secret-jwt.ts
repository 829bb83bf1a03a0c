/** `client_secret_jwt` client authentication (RFC 7523 §2.2 with an HMAC, OpenID Connect Core §9). */
import { CLIENT_ASSERTION_FAILED, type AssertionContext, type ClientAssertion } from "@occ/core";
import { HMAC_HASH, type HmacAlg, isHmacAlg } from "./algorithms.js";
import { assertionClaims, checkLifetime } from "./assertion-claims.js";
import { secretCredentialId } from "./credential-id.js";
import { cryptoFailed, invalidKey } from "./errors.js";
import { signJwt } from "./jwt.js";

/** Options for {@link clientSecretJwt}. */
export interface ClientSecretJwtOptions {
  /** HS256 (default), HS384 or HS512. */
  alg?: HmacAlg;
  /** Seconds until the assertion's `exp`. Default 60. */
  lifetime?: number;
}

const WHERE = "clientSecretJwt";

/**
 * A {@link ClientAssertion} for `client_secret_jwt`: each call makes a JWT with the same claims as
 * `privateKeyJwt`, MACed with the client secret. The secret is held only until the first call imports it as a
 * non-extractable HMAC key; it is in no error, property or serialization. An empty secret or an unsupported `alg`
 * throws `OccError` `OCC_INVALID_KEY` at once.
 */
export function clientSecretJwt(secret: string, options: ClientSecretJwtOptions = {}): ClientAssertion {
  if (typeof secret !== "string" || secret === "") throw invalidKey(WHERE, "the client secret must be a non-empty string");
  const alg = options.alg ?? "HS256";
  if (!isHmacAlg(alg)) throw invalidKey(WHERE, "alg must be HS256, HS384 or HS512 (for RS256, PS256, ES256 or EdDSA use privateKeyJwt)");
  const lifetime = checkLifetime(WHERE, options.lifetime);
  let bytes: Uint8Array<ArrayBuffer> | undefined = new TextEncoder().encode(secret);
  const credentialId = secretCredentialId(bytes);
  let signingKey: Promise<CryptoKey> | undefined;

  const clientSecretJwtAssertion = async (ctx: AssertionContext): Promise<string> => {
    if (bytes) {
      const material = bytes;
      bytes = undefined; // from now on the secret lives only in the non-extractable CryptoKey
      signingKey = crypto.subtle
        .importKey("raw", material, { name: "HMAC", hash: HMAC_HASH[alg] }, false, ["sign"])
        .finally(() => material.fill(0))
        .catch((error: unknown) => Promise.reject(cryptoFailed(CLIENT_ASSERTION_FAILED, WHERE, "importing the secret", error)));
    }
    return signJwt(WHERE, await signingKey!, alg, { alg, typ: "JWT" }, assertionClaims(ctx, lifetime));
  };
  Object.defineProperty(clientSecretJwtAssertion, "credentialId", { value: credentialId, enumerable: true });
  return clientSecretJwtAssertion;
}
