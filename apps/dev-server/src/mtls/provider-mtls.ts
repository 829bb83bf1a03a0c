/**
 * oidc-provider's mutual-TLS feature (RFC 8705) wired to the HTTPS server: `tls_client_auth` with the subject DN,
 * `self_signed_tls_client_auth` with the certificate in the client's JWKS (`x5c`), certificate-bound access tokens.
 */
import type { KoaContextLike } from "oidc-provider";
import { peerCertificate, subjectDn } from "./certificate.ts";

/** `features.mTLS` for a provider behind {@link createTlsServer}. */
export function mtlsFeature() {
  const certificate = (ctx: KoaContextLike) => peerCertificate(ctx.req?.socket);
  return {
    enabled: true,
    certificateBoundAccessTokens: true,
    tlsClientAuth: true,
    selfSignedTlsClientAuth: true,
    getCertificate: certificate,
    // rejectUnauthorized is off (self-signed certificates must get through), so the socket records the verdict.
    certificateAuthorized: (ctx: KoaContextLike) => ctx.req?.socket?.authorized === true,
    certificateSubjectMatches(ctx: KoaContextLike, property: string, expected: string) {
      const presented = certificate(ctx);
      return property === "tls_client_auth_subject_dn" && presented !== undefined && subjectDn(presented) === expected;
    },
  };
}

/** oidc-provider's default `clientAuthMethods` and the two mutual-TLS ones. */
export const MTLS_CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_jwt", "client_secret_post", "private_key_jwt", "none", "tls_client_auth", "self_signed_tls_client_auth"];
