/** The dev-server's mutual-TLS authorization server and protected API, with certificates made for the run. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestPki, startAuthServer, startProtectedApi, type AuthServer, type DemoClient, type ProtectedApi, type TestPki } from "@occ/dev-server";

export interface MtlsServers {
  pki: TestPki;
  auth: AuthServer;
  api: ProtectedApi;
  /** `tls_client_auth` for `pki.client`, certificate-bound tokens. */
  pkiClient: DemoClient;
  /** `self_signed_tls_client_auth` for `pki.selfSigned`, certificate-bound tokens. */
  selfSignedClient: DemoClient;
  /** `tls_client_auth` for `pki.client` with DPoP-bound tokens (oidc-provider binds a token by one mechanism only). */
  dpopClient: DemoClient;
  close(): Promise<void>;
}

export async function startMtlsServers(): Promise<MtlsServers> {
  const dir = await mkdtemp(join(tmpdir(), "occ-node-pki-"));
  const pki = await createTestPki(dir);
  const tls = { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert };
  const pkiClient: DemoClient = { clientId: "occ:mtls", authMethod: "tls_client_auth", tlsSubjectDn: pki.client.subjectDn, certificateBound: true, scope: "read:data" };
  const selfSignedClient: DemoClient = {
    clientId: "occ:mtls-self-signed",
    authMethod: "self_signed_tls_client_auth",
    jwks: { keys: [pki.selfSigned.jwk] },
    certificateBound: true,
    scope: "read:data",
  };
  const dpopClient: DemoClient = { ...pkiClient, clientId: "occ:mtls-dpop", certificateBound: false, dpopBound: true };
  const auth = await startAuthServer({ tls, clients: [pkiClient, selfSignedClient, dpopClient] });
  const api = await startProtectedApi({ issuer: auth.issuer, jwks: auth.jwks, tls });
  return {
    pki,
    auth,
    api,
    pkiClient,
    selfSignedClient,
    dpopClient,
    async close() {
      await Promise.all([api.close(), auth.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The claims of a JWT access token, unverified (the API verifies them; tests only look). */
export function jwtClaims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}
