// The authorization server, protected API and fault server the served apps call, running here in Node.
import { type AuthServer, type FaultServer, type ProtectedApi, startAuthServer, startFaultServer, startProtectedApi } from "@occ/dev-server";
import { afterAll, beforeAll } from "vitest";

export interface Servers {
  auth: AuthServer;
  api: ProtectedApi;
  faults: FaultServer;
}

/** Starts the servers once for the calling test file. */
export function useServers(): Servers {
  const servers = {} as Servers;
  beforeAll(async () => {
    servers.auth = await startAuthServer();
    servers.api = await startProtectedApi({ issuer: servers.auth.issuer, jwksUrl: servers.auth.jwksUrl });
    servers.faults = await startFaultServer();
  });
  afterAll(async () => {
    await Promise.all([servers.auth?.close(), servers.api?.close(), servers.faults?.close()]);
  });
  return servers;
}

/** The variables of the `basic` demo client, scope `read:data`. */
export function oauthVariables({ auth }: Servers): Record<string, string> {
  const { clientId, clientSecret } = auth.clients.basic;
  return { OAUTH_TOKEN_URL: auth.tokenUrl, OAUTH_CLIENT_ID: clientId, OAUTH_CLIENT_SECRET: clientSecret, OAUTH_SCOPE: "read:data" };
}
