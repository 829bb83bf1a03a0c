// Runs on the Node side: oidc-provider cannot run inside workerd. Tests in workerd reach the servers over
// 127.0.0.1 and read the auth servers' token counters through a small control endpoint.
import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";
import { demoClients, type MtlsServers, startAuthServer, startMtlsServers, startProtectedApi } from "@occ/dev-server";

// Below KV's 60 s minimum TTL, to see the clamp end to end.
const SHORT_TOKEN_TTL = 20;

/** A private_key_jwt client, registered with its public key: the Worker holds the private one as a secret. */
function keyClient() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const kid = "worker-key-1";
  const client = {
    clientId: "occ:worker-key",
    authMethod: "private_key_jwt" as const,
    scope: "read:data",
    jwks: { keys: [{ ...publicKey.export({ format: "jwk" }), kid }] },
  };
  return { client, secret: { clientId: client.clientId, kid, pem: privateKey.export({ type: "pkcs8", format: "pem" }) as string } };
}

/** What the workerd tests need of the dev server's mutual-TLS servers (RFC 8705). */
function mtlsProvided({ pki, auth, api, pkiClient, selfSignedClient }: MtlsServers) {
  const pair = (certificate: { cert: string; key: string; thumbprint: string }) => ({ cert: certificate.cert, key: certificate.key, thumbprint: certificate.thumbprint });
  return {
    tokenUrl: auth.tokenUrl,
    apiUrl: api.url,
    ca: pki.ca.cert,
    clientId: pkiClient.clientId,
    selfSignedClientId: selfSignedClient.clientId,
    client: pair(pki.client),
    selfSigned: pair(pki.selfSigned),
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const keyed = keyClient();
  const auth = await startAuthServer({ clients: [keyed.client] });
  const shortAuth = await startAuthServer({ accessTokenTtl: SHORT_TOKEN_TTL });
  const api = await startProtectedApi({ issuer: auth.issuer, jwksUrl: auth.jwksUrl });
  const mtls = await startMtlsServers();
  const servers = { main: auth, short: shortAuth, mtls: mtls.auth };

  const control: Server = createServer((req, res) => {
    const name = new URL(req.url ?? "/", "http://127.0.0.1").searchParams.get("server") ?? "main";
    const server = servers[name as keyof typeof servers];
    if (server === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ tokenRequests: server.tokenRequests() }));
  });
  await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));
  const { port } = control.address() as AddressInfo;

  project.provide("tokenUrl", auth.tokenUrl);
  project.provide("issuer", auth.issuer);
  project.provide("shortTokenUrl", shortAuth.tokenUrl);
  project.provide("apiUrl", api.url);
  project.provide("controlUrl", `http://127.0.0.1:${port}`);
  project.provide("clients", demoClients);
  project.provide("keyClient", keyed.secret);
  project.provide("mtls", mtlsProvided(mtls));

  return async () => {
    await new Promise<void>((resolve) => control.close(() => resolve()));
    await Promise.all([auth.close(), shortAuth.close(), api.close(), mtls.close()]);
  };
}
