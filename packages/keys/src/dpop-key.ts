/** DPoP keys (RFC 9449): what `createClient({ dpop })` takes, and proofs for requests built by hand. */
import type { SenderConstraint } from "@occ/core";
import { isSigningAlg, type SigningAlg } from "./algorithms.js";
import { dpopFetch } from "./dpop-fetch.js";
import { NonceStore } from "./dpop-nonces.js";
import { signProof } from "./dpop-proof.js";
import { invalidKey, invalidOptions } from "./errors.js";
import type { PrivateKeyInput } from "./private-key.js";
import { generateProofKey, userProofKey } from "./proof-key.js";
import { jwkThumbprint } from "./thumbprint.js";

/** Options for {@link dpopKey}. */
export interface DPoPKeyOptions {
  /**
   * Your own key instead of a generated one: a `CryptoKeyPair`, or a private key (CryptoKey, JWK or PKCS#8 PEM) whose
   * public key is read from it. Default: a new non-extractable key pair, which lives as long as the process.
   */
  key?: CryptoKeyPair | PrivateKeyInput;
  /** ES256 (default for generated keys), EdDSA, PS256 or RS256. With `key`, it must fit the key. */
  alg?: SigningAlg;
  /** Accept a plain Bearer token when the server does not bind tokens: `tokenTypes` `["dpop", "bearer"]`. Default false. */
  allowBearer?: boolean;
}

/** A DPoP key: the {@link SenderConstraint} core needs, and proofs for callers who build their own requests. */
export interface DPoPKey extends SenderConstraint {
  /** The JWS algorithm of the proofs. */
  readonly alg: SigningAlg;
  /**
   * A proof for one request: `htm` = `method`, `htu` = `url` without query and fragment, a fresh `jti`, `iat`, the
   * last `DPoP-Nonce` this key saw from the URL's origin (through `wrapFetch`), and `ath` when `accessToken` is given.
   */
  proof(method: string, url: string | URL, accessToken?: string): Promise<string>;
}

/**
 * Creates a DPoP key: by default a new non-extractable ES256 key pair. `thumbprint` is its RFC 7638 JWK SHA-256
 * thumbprint (the `cnf.jkt` of tokens bound to it); `wrapFetch(fetch)` adds a proof to every request and answers a
 * `use_dpop_nonce` challenge once. A key or `alg` that does not fit throws `OccError` `OCC_INVALID_KEY`.
 */
export async function dpopKey(options: DPoPKeyOptions = {}): Promise<DPoPKey> {
  if (options.allowBearer !== undefined && typeof options.allowBearer !== "boolean") {
    throw invalidOptions("dpopKey", "allowBearer must be a boolean");
  }
  if (options.key === undefined && options.alg !== undefined && !isSigningAlg(options.alg)) {
    throw invalidKey("dpopKey", "alg must be ES256, EdDSA, PS256 or RS256");
  }
  const key = options.key === undefined ? await generateProofKey(options.alg ?? "ES256") : await userProofKey(options.key, options.alg);
  const thumbprint = await jwkThumbprint(key.publicJwk);
  const nonces = new NonceStore();
  const proof = (method: string, url: string | URL, accessToken?: string) => signProof(key, method, url, nonces.get(url), accessToken);
  return Object.freeze({
    alg: key.alg,
    tokenTypes: Object.freeze(options.allowBearer ? ["dpop", "bearer"] : ["dpop"]),
    thumbprint,
    proof,
    wrapFetch(inner: typeof fetch): typeof fetch {
      if (typeof inner !== "function") throw invalidOptions("dpopKey", "wrapFetch needs the fetch function to wrap");
      return dpopFetch(inner, proof, nonces);
    },
  });
}
