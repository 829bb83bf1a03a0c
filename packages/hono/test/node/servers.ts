// The real servers every Node test file runs against: oidc-provider (apps/dev-server), the protected API and the
// fault server. Each file gets its own, started once for the file.
import { generateKeyPairSync } from "node:crypto";
import {
  type AuthServer,
  type FaultServer,
  type ProtectedApi,
  RESOURCE_SCOPES,
  startAuthServer,
  startFaultServer,
  startProtectedApi,
} from "@occ/dev-server";
import { ENV_VARIABLES } from "@occ/core/env";
import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";

export interface Servers {
  auth: AuthServer;
  api: ProtectedApi;
  faults: FaultServer;
  /** A `private_key_jwt` client registered on `auth`, and its private key as PEM. */
  keyClient: { clientId: string; kid: string; pem: string };
}

const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const keyClient = { clientId: "hono:key", kid: "hono-key-1", pem: privateKey.export({ type: "pkcs8", format: "pem" }) as string };

/**
 * Starts the servers for the calling test file, resets their counters before each test, and leaves every
 * `OAUTH_*` variable unset (a developer's own must not leak in); tests set them with `vi.stubEnv`.
 */
export function useServers(): Servers {
  const servers = { keyClient } as Servers;
  beforeAll(async () => {
    servers.auth = await startAuthServer({
      clients: [
        {
          clientId: keyClient.clientId,
          authMethod: "private_key_jwt",
          scope: RESOURCE_SCOPES,
          jwks: { keys: [{ ...publicKey.export({ format: "jwk" }), kid: keyClient.kid }] },
        },
      ],
    });
    servers.api = await startProtectedApi({ issuer: servers.auth.issuer, jwksUrl: servers.auth.jwksUrl });
    servers.faults = await startFaultServer();
  });
  afterAll(async () => {
    await Promise.all([servers.auth?.close(), servers.api?.close(), servers.faults?.close()]);
  });
  beforeEach(() => {
    servers.auth.resetCounters();
    servers.api.resetCounters();
    for (const name of Object.values(ENV_VARIABLES)) vi.stubEnv(name, undefined);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });
  return servers;
}

/** The `OAUTH_*` variables for a demo client of `auth`. */
export function oauthEnv(auth: AuthServer, client: { clientId: string; clientSecret: string }): Record<string, string> {
  return { OAUTH_TOKEN_URL: auth.tokenUrl, OAUTH_CLIENT_ID: client.clientId, OAUTH_CLIENT_SECRET: client.clientSecret };
}

/** Sets each variable for the current test. */
export function stubEnv(variables: Record<string, string>): void {
  for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
}
