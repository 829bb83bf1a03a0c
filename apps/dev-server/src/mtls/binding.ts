/** The protected API's check of certificate-bound tokens (RFC 8705 §3): `cnf.x5t#S256` against the connection. */
import type { JWTPayload } from "jose";
import { certificateThumbprint, peerCertificate } from "./certificate.ts";

/**
 * Why the request may not use this token: it is bound to a certificate (`cnf.x5t#S256`) and the connection presented
 * none, or another one. Undefined when the token is not certificate-bound or the certificate is the one it is bound to.
 */
export function certificateBindingProblem(claims: JWTPayload, socket: unknown): string | undefined {
  const expected = (claims.cnf as Record<string, unknown> | undefined)?.["x5t#S256"];
  if (expected === undefined) return undefined;
  const presented = peerCertificate(socket);
  if (presented === undefined) return "the access token is bound to a client certificate (cnf.x5t#S256) and the connection presented none";
  if (certificateThumbprint(presented) !== expected) return "the access token is bound to another client certificate (cnf.x5t#S256 does not match)";
  return undefined;
}
