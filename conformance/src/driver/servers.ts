import { FAULT_CLIENT, startAuthServer, startFaultServer, startProtectedApi } from "@occ/dev-server";
import { createServer } from "node:net";
import type { ConformanceEnv } from "../context.ts";
import { keyClients } from "./key-clients.ts";

/** The real servers every runtime talks to, all on 127.0.0.1. */
export interface Servers {
  /** The env to hand a runtime, named `runtime`. */
  envFor(runtime: string): ConformanceEnv;
  close(): Promise<void>;
}

/** Starts oidc-provider, the protected API and the fault server, and finds a loopback port nobody listens on. */
export async function startServers(): Promise<Servers> {
  const keys = keyClients();
  // DPoP nonces are required, so each DPoP case answers the token endpoint's challenge; no other case sends DPoP.
  const [auth, fault, closedPort] = await Promise.all([startAuthServer({ clients: keys.clients, dpopNonce: true }), startFaultServer(), unusedPort()]);
  const api = await startProtectedApi({ issuer: auth.issuer, jwksUrl: auth.jwksUrl });
  const nonceApi = await startProtectedApi({ issuer: auth.issuer, jwksUrl: auth.jwksUrl, dpopNonce: true });
  const { basic, post } = auth.clients;
  return {
    envFor: (runtime) => ({
      runtime,
      issuer: auth.issuer,
      tokenUrl: auth.tokenUrl,
      clients: {
        basic: { clientId: basic.clientId, clientSecret: basic.clientSecret },
        post: { clientId: post.clientId, clientSecret: post.clientSecret },
      },
      apiUrl: api.url,
      faultUrl: fault.url,
      faultClient: { ...FAULT_CLIENT },
      closedUrl: `http://127.0.0.1:${closedPort}`,
      keys: { ...keys.env, nonceApiUrl: nonceApi.url },
    }),
    close: async () => {
      await Promise.all([auth.close(), api.close(), nonceApi.close(), fault.close()]);
    },
  };
}

function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
