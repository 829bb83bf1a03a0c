/** The mutual-TLS authorization server and protected API the adapters' mTLS tests run against (RFC 8705). */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AuthServer, startAuthServer } from "../auth-server.ts";
import type { DemoClient } from "../clients.ts";
import { type ProtectedApi, startProtectedApi } from "../protected-api.ts";
import { createTestPki, type TestPki } from "./pki.ts";

/** The servers, their certificates and the clients registered with them. */
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

/**
 * Starts both over TLS with certificates made for the run in `dir` — a new temporary folder, removed on `close`,
 * when none is given (a test whose runtime may only read some folders names its own).
 */
export async function startMtlsServers(dir?: string): Promise<MtlsServers> {
  const folder = dir ?? (await mkdtemp(join(tmpdir(), "occ-pki-")));
  const pki = await createTestPki(folder);
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
      if (dir === undefined) await rm(folder, { recursive: true, force: true });
    },
  };
}
