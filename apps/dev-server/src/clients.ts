/**
 * Demo OAuth clients registered on the local authorization server.
 *
 * DEMO ONLY: these credentials are public, hard-coded test fixtures.
 *
 * Secrets are deliberately full of characters that are reserved in
 * `application/x-www-form-urlencoded` and in the Basic `user:pass` syntax, to
 * catch clients that forget RFC 6749 §2.3.1 (form-urlencode client_id and
 * client_secret *before* base64 in client_secret_basic). Client ids contain `:`
 * for the same reason (an unencoded `:` in the id breaks the Basic split).
 *
 * Secrets are printable ASCII only: RFC 6749 Appendix A defines
 * `client-secret = *VSCHAR` (%x20-7E) and oidc-provider enforces that both at
 * client registration and when decoding the Basic header, so a non-ASCII
 * secret cannot be registered there. Use the fault server's `/__last/...`
 * endpoint to check how a client encodes non-ASCII credentials.
 */

/** A public JWK as JSON: what node:crypto, Web Crypto and jose all produce. */
export interface PublicJwk {
  kty?: string;
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
  alg?: string;
  use?: string;
  kid?: string;
  /** Certificates, base64 DER, the key's own first (RFC 7517 §4.7). */
  x5c?: string[];
}

export type ClientAuthMethod =
  | "client_secret_basic"
  | "client_secret_post"
  | "client_secret_jwt"
  | "private_key_jwt"
  | "tls_client_auth"
  | "self_signed_tls_client_auth"
  | "none";

export interface DemoClient {
  clientId: string;
  /** For `client_secret_basic`, `client_secret_post` and `client_secret_jwt` (the HMAC key). */
  clientSecret?: string;
  authMethod: ClientAuthMethod;
  /** Space separated scopes the client may request; also its default scope when the request has none. */
  scope?: string;
  /**
   * The client's public keys, for `private_key_jwt` (RS256, PS256, ES256 and EdDSA keys are accepted), or for
   * `self_signed_tls_client_auth` the certificate's key with the certificate in `x5c` (base64 DER).
   */
  jwks?: { keys: PublicJwk[] };
  /** The only JWS alg its client assertions may use (`token_endpoint_auth_signing_alg`); default: any enabled one. */
  authSigningAlg?: string;
  /** Only DPoP-bound tokens (`dpop_bound_access_tokens`): a token request without a DPoP proof is refused. */
  dpopBound?: boolean;
  /** For `tls_client_auth`: the subject DN the client certificate must have, e.g. `CN=my-service` (a `tls` server only). */
  tlsSubjectDn?: string;
  /** Certificate-bound tokens (`tls_client_certificate_bound_access_tokens`, RFC 8705 §3): `cnf.x5t#S256`. */
  certificateBound?: boolean;
}

/** The scopes the demo resource server (audience) knows about. */
export const RESOURCE_SCOPES = "read:data write:data";

/** Audience used when a token request names neither `resource` nor `audience`. */
export const DEFAULT_AUDIENCE = "http://127.0.0.1/api";

/** A secret with every RFC 3986 reserved/sub-delim troublemaker, `%`, `+` and a space. */
const NASTY = "s3cr+t/:%&=~!*'() ?#[]@$,;";

export const demoClients = {
  /** client_secret_basic, id with `:`, nasty secret. */
  basic: {
    clientId: "occ:basic",
    clientSecret: `basic-${NASTY}`,
    authMethod: "client_secret_basic",
    scope: RESOURCE_SCOPES,
  },
  /** client_secret_post, id with `:`, nasty secret. */
  post: {
    clientId: "occ:post",
    clientSecret: `post-${NASTY}`,
    authMethod: "client_secret_post",
    scope: RESOURCE_SCOPES,
  },
  /** Plain alphanumerics: the simplest possible client (basic auth). */
  simple: {
    clientId: "occ-simple",
    clientSecret: "occ-simple-secret",
    authMethod: "client_secret_basic",
    scope: RESOURCE_SCOPES,
  },
  /** May only obtain `read:data` (for 403 insufficient_scope tests). */
  readOnly: {
    clientId: "occ:read-only",
    clientSecret: "read only + secret",
    authMethod: "client_secret_basic",
    scope: "read:data",
  },
  /** Meant for resource / audience tests (any absolute URI is accepted as a resource). */
  audience: {
    clientId: "occ:audience",
    clientSecret: "aud:secret/with=reserved&chars",
    authMethod: "client_secret_post",
    scope: RESOURCE_SCOPES,
  },
  /** token_endpoint_auth_method "none": only client_id in the body (oidc-provider allows client_credentials for it). */
  public: {
    clientId: "occ:public",
    authMethod: "none",
    scope: "read:data",
  },
} as const satisfies Record<string, DemoClient>;

export type DemoClients = typeof demoClients;
