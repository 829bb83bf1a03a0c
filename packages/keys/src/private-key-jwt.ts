/** `private_key_jwt` client authentication (RFC 7523 §2.2, OpenID Connect Core §9). */
import { CLIENT_ASSERTION_FAILED, type AssertionContext, type ClientAssertion } from "@occ/core";
import type { SigningAlg } from "./algorithms.js";
import { assertionClaims, checkLifetime } from "./assertion-claims.js";
import { keyCredentialId } from "./credential-id.js";
import { cryptoFailed, invalidOptions } from "./errors.js";
import { signJwt } from "./jwt.js";
import { checkPrivateKey, type PrivateKeyInput } from "./private-key.js";

/** Options for {@link privateKeyJwt}. */
export interface PrivateKeyJwtOptions {
  /** RS256 (default for RSA keys), PS256, ES256 (P-256 keys) or EdDSA (Ed25519 keys). Must fit the key. */
  alg?: SigningAlg;
  /** The `kid` header, naming the key in the client's registered JWKS. Default: the JWK's own `kid`, if any. */
  kid?: string;
  /** Seconds until the assertion's `exp`. Default 60. */
  lifetime?: number;
}

const WHERE = "privateKeyJwt";

/**
 * A {@link ClientAssertion} for `private_key_jwt`: each call signs a new JWT with `iss` = `sub` = the client id,
 * `aud` = the token endpoint (and the issuer when known), a fresh `jti`, `iat` and `exp`.
 *
 * The key and options are checked at once: a malformed PEM or JWK, a public or symmetric key, an RSA key under 2048
 * bits or an `alg` that does not fit the key throws `OccError` `OCC_INVALID_KEY`. The key is imported into Web Crypto
 * (non-extractable) on first use; if that fails, the call rejects with `OCC_CLIENT_ASSERTION_FAILED`.
 */
export function privateKeyJwt(key: PrivateKeyInput, options: PrivateKeyJwtOptions = {}): ClientAssertion {
  const lifetime = checkLifetime(WHERE, options.lifetime);
  if (options.kid !== undefined && (typeof options.kid !== "string" || options.kid === "")) {
    throw invalidOptions(WHERE, "kid must be a non-empty string");
  }
  const checked = checkPrivateKey(WHERE, key, options.alg);
  const kid = options.kid ?? checked.info.kid;
  const header = { alg: checked.alg, typ: "JWT", ...(kid === undefined ? {} : { kid }) };
  let load: ((extractable: boolean) => Promise<CryptoKey>) | undefined = checked.load;
  let signingKey: Promise<CryptoKey> | undefined;

  const privateKeyJwtAssertion = async (ctx: AssertionContext): Promise<string> => {
    if (load) {
      signingKey = load(false).catch((error: unknown) => Promise.reject(cryptoFailed(CLIENT_ASSERTION_FAILED, WHERE, "importing the key", error)));
      load = undefined; // the key material now lives only in the CryptoKey
    }
    return signJwt(WHERE, await signingKey!, checked.alg, header, assertionClaims(ctx, lifetime));
  };
  const credentialId = keyCredentialId(kid, checked);
  if (credentialId !== undefined) Object.defineProperty(privateKeyJwtAssertion, "credentialId", { value: credentialId, enumerable: true });
  return privateKeyJwtAssertion;
}
