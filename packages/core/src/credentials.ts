/** How the client proves its identity to the token endpoint (RFC 6749 §2.3, RFC 7523). */
export type AuthMethod =
  | "client_secret_basic"
  | "client_secret_post"
  | "client_secret_jwt"
  | "private_key_jwt"
  | "tls_client_auth"
  | "self_signed_tls_client_auth"
  | "none";

/** What a {@link ClientAssertion} is told about the request it signs for. */
export interface AssertionContext {
  /** The token endpoint: the assertion's `aud` (RFC 7523 §3). */
  tokenUrl: string;
  /** The client id: the assertion's `iss` and `sub`. */
  clientId: string;
  /** The issuer, when the token endpoint was discovered from it; some servers also accept it as `aud`. */
  issuer?: string;
  /** Fires when the token request is cancelled or has timed out; a slow signer (a KMS call) may stop early. */
  signal?: AbortSignal;
}

/**
 * Produces a client assertion (RFC 7523): a signed JWT for `private_key_jwt` or `client_secret_jwt`, or a token
 * read from a file for workload identity federation. Called once per token request attempt.
 * `@occ/keys` makes them (`privateKeyJwt(key)`, `clientSecretJwt(secret)`); any function of this shape works.
 */
export interface ClientAssertion {
  (context: AssertionContext): string | Promise<string>;
  /**
   * Tells credentials apart in cache and store keys, so a client never reads a token obtained with other
   * credentials: a public-key thumbprint, a file path — never secret material. Absent: only the client id counts.
   */
  readonly credentialId?: string;
}

/**
 * Binds tokens to a key the client holds (DPoP, RFC 9449). Made by `dpopKey()` in `@occ/keys`; core only needs
 * this much, so it stays free of Web Crypto.
 */
export interface SenderConstraint {
  /** The `token_type` values accepted, lower case: `["dpop"]`, or `["dpop", "bearer"]` when a downgrade is allowed. */
  readonly tokenTypes: readonly string[];
  /** The JWK SHA-256 thumbprint (RFC 7638) of the public key: part of every store key and entry (`jkt`). */
  readonly thumbprint: string;
  /**
   * Wraps `fetch` so that each request carries a DPoP proof for its method and URL (with `ath` when it carries a
   * DPoP access token), and a `use_dpop_nonce` challenge (400 from the token endpoint, 401 from a resource) is
   * answered once with the server's `DPoP-Nonce`. Nonces are remembered per origin.
   */
  wrapFetch(inner: typeof fetch): typeof fetch;
}
