/** What the mutual-TLS servers read from a client certificate (RFC 8705). */
import { createHash, type X509Certificate } from "node:crypto";
import type { TLSSocket } from "node:tls";

/** The certificate's `x5t#S256` (RFC 8705 §3.1): base64url SHA-256 of its DER encoding. */
export function certificateThumbprint(certificate: X509Certificate): string {
  return createHash("sha256").update(certificate.raw).digest("base64url");
}

/** The subject as `tls_client_auth_subject_dn` is registered here: `CN=…`, one RDN per line joined with `,`. */
export function subjectDn(certificate: X509Certificate): string {
  return certificate.subject.split("\n").join(",");
}

/** The certificate the peer presented on this connection, if any. */
export function peerCertificate(socket: unknown): X509Certificate | undefined {
  return (socket as Partial<TLSSocket> | undefined)?.getPeerX509Certificate?.();
}
