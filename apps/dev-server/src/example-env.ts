import type { AuthServer } from "./auth-server.ts";
import type { ProtectedApi } from "./protected-api.ts";

/**
 * The variables an example app reads to call `api` with a token from `auth`: the `basic` demo client (a secret full
 * of reserved characters), scope `read:data`, and `API_URL` pointing at the API's `/data` route.
 */
export function exampleEnv(auth: AuthServer, api: ProtectedApi, overrides: Record<string, string> = {}): Record<string, string> {
  const { basic } = auth.clients;
  return {
    OAUTH_TOKEN_URL: auth.tokenUrl,
    OAUTH_CLIENT_ID: basic.clientId,
    OAUTH_CLIENT_SECRET: basic.clientSecret,
    OAUTH_SCOPE: "read:data",
    API_URL: `${api.url}/data`,
    ...overrides,
  };
}
