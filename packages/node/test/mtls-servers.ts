/** The dev-server's mutual-TLS servers, and a look at the tokens they issue. */
export { startMtlsServers, type MtlsServers } from "@occ/dev-server";

/** The claims of a JWT access token, unverified (the API verifies them; tests only look). */
export function jwtClaims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}
