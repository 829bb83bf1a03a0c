// Mutual TLS (RFC 8705) from workerd against the dev server's https oidc-provider, which requires a client
// certificate. CLIENT_CERT and SELF_SIGNED_CERT are workerd network services that present one (vitest.config.ts):
// what an mtls_certificates binding does in production. MY_CERT is a real mtls_certificates binding as Miniflare
// and `wrangler dev` bind it locally.
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { createClient, mtlsFetch, OccError } from "../src/index.ts";
import { tokenRequests } from "./helpers.ts";

const mtls = inject("mtls");
const claims = (jwt: string) => JSON.parse(atob(jwt.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;
/** Only what these tests configure: no OAUTH_* from the main test Worker, no KV. */
const mtlsEnv = { OAUTH_TOKEN_URL: mtls.tokenUrl, OAUTH_SCOPE: "read:data" };
let runs = 0;
/** A configuration of its own for each test (params are ignored by the server, but they pick the client). */
const own = () => ({ params: { occ_test_run: `mtls-${Date.now()}-${runs++}` } });

describe("mtlsFetch with a binding that presents a client certificate", () => {
  it("tls_client_auth: gets a token bound to the certificate, and the API accepts it over the same certificate", async () => {
    const before = await tokenRequests("mtls");
    const client = createClient({ ...mtlsEnv, OAUTH_CLIENT_ID: mtls.clientId, OAUTH_AUTH_METHOD: "tls_client_auth" }, createExecutionContext(), {
      ...own(),
      fetch: mtlsFetch(env.CLIENT_CERT),
    });
    const token = await client.getToken();
    expect(claims(token.accessToken)).toMatchObject({ client_id: mtls.clientId, cnf: { "x5t#S256": mtls.client.thumbprint } });

    const response = await client.fetch(`${mtls.apiUrl}/data`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, client_id: mtls.clientId });
    expect(await tokenRequests("mtls")).toBe(before + 1);
  });

  it("self_signed_tls_client_auth: a self-signed certificate registered in the client's JWKS", async () => {
    const client = createClient({ ...mtlsEnv, OAUTH_CLIENT_ID: mtls.selfSignedClientId }, createExecutionContext(), {
      ...own(),
      authMethod: "self_signed_tls_client_auth",
      fetch: mtlsFetch(env.SELF_SIGNED_CERT),
    });
    const token = await client.getToken();
    expect(claims(token.accessToken)).toMatchObject({ client_id: mtls.selfSignedClientId, cnf: { "x5t#S256": mtls.selfSigned.thumbprint } });
  });

  it("is refused with invalid_client when the certificate is not the registered one", async () => {
    const client = createClient({ ...mtlsEnv, OAUTH_CLIENT_ID: mtls.clientId }, createExecutionContext(), {
      ...own(),
      authMethod: "tls_client_auth",
      fetch: mtlsFetch(env.SELF_SIGNED_CERT),
      onEvent: () => {},
    });
    await expect(client.getToken()).rejects.toMatchObject({ name: "OAuthError", code: "OCC_OAUTH_ERROR", error: "invalid_client" });
  });

  it("gets no answer without a certificate: the server drops the connection", async () => {
    const client = createClient({ ...mtlsEnv, OAUTH_CLIENT_ID: mtls.clientId }, createExecutionContext(), {
      ...own(),
      authMethod: "tls_client_auth",
      fetch: mtlsFetch(env.NO_CERT),
      retries: 0,
      onEvent: () => {},
    });
    await expect(client.getToken()).rejects.toMatchObject({ code: "OCC_NETWORK_ERROR" });
  });
});

describe("an mtls_certificates binding under Miniflare (wrangler dev without remote bindings)", () => {
  it("exists, but its fetch fails: the certificate lives in Cloudflare's network, not on this machine", async () => {
    const client = createClient({ ...mtlsEnv, OAUTH_CLIENT_ID: mtls.clientId }, createExecutionContext(), {
      ...own(),
      authMethod: "tls_client_auth",
      fetch: mtlsFetch(env.MY_CERT),
      retries: 0,
      onEvent: () => {},
    });
    const error = await client.getToken().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(OccError);
    expect(error).toMatchObject({ code: "OCC_NETWORK_ERROR", message: expect.stringContaining("needs to be run remotely") });
  });
});

describe("mtlsFetch", () => {
  it("calls the binding's fetch on the binding, which a detached env.X.fetch cannot", async () => {
    const detached = env.CLIENT_CERT.fetch;
    await expect(async () => detached(`${mtls.apiUrl}/data`)).rejects.toThrow(/Illegal invocation/);
    const response = await mtlsFetch(env.CLIENT_CERT)(`${mtls.apiUrl}/data`);
    // Reached the API over TLS with the client certificate: no token, so 401, not a dropped connection.
    expect(response.status).toBe(401);
  });

  it("names [[mtls_certificates]] when the binding is missing", () => {
    const missing = (env as unknown as Record<string, Fetcher>).NOT_BOUND!;
    expect(() => mtlsFetch(missing)).toThrowError(expect.objectContaining({ code: "OCC_INVALID_OPTIONS", message: expect.stringContaining("[[mtls_certificates]]") }));
  });
});
