/** The client certificate from OAUTH_TLS_CERT, OAUTH_TLS_KEY and OAUTH_TLS_CA: PEM text or file paths. */
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, INVALID_KEY, INVALID_OPTIONS, mtlsFetch } from "../src/index.ts";
import { jwtClaims, startMtlsServers, type MtlsServers } from "./mtls-servers.ts";
import { thrown } from "./thrown.ts";

let s: MtlsServers;
beforeAll(async () => {
  s = await startMtlsServers();
}, 30_000);
afterAll(() => s?.close());

const base = () => ({ OAUTH_TOKEN_URL: s.auth.tokenUrl, OAUTH_CLIENT_ID: s.pkiClient.clientId, OAUTH_AUTH_METHOD: "tls_client_auth" });

describe("createClient with a tls method and no fetch", () => {
  it("reads the certificate, key and CA from files named by the variables", async () => {
    const client = createClient({ env: { ...base(), OAUTH_TLS_CERT: s.pki.client.certPath, OAUTH_TLS_KEY: s.pki.client.keyPath, OAUTH_TLS_CA: s.pki.ca.certPath } });
    const token = await client.getToken();
    expect(jwtClaims(token.accessToken).cnf).toEqual({ "x5t#S256": s.pki.client.thumbprint });
    expect((await client.fetch(`${s.api.url}/data`)).status).toBe(200);
  });

  it("takes PEM text in the variables, and authMethod from code", async () => {
    const env = { ...base(), OAUTH_AUTH_METHOD: undefined, OAUTH_CLIENT_ID: s.selfSignedClient.clientId, OAUTH_TLS_CERT: s.pki.selfSigned.cert, OAUTH_TLS_KEY: s.pki.selfSigned.key, OAUTH_TLS_CA: s.pki.ca.cert };
    const client = createClient({ authMethod: "self_signed_tls_client_auth", env });
    expect((await client.fetch(`${s.api.url}/data`)).status).toBe(200);
  });

  it("missing variables are named in one OCC_INVALID_OPTIONS error with the rest of the configuration", () => {
    const error = thrown(() => createClient({ env: { OAUTH_AUTH_METHOD: "tls_client_auth", OAUTH_TLS_CERT: s.pki.client.certPath } }));
    expect(error.code).toBe(INVALID_OPTIONS);
    expect(error.message).toMatch(/missing .*OAUTH_TLS_KEY \(with tls_client_auth\)/);
    expect(error.message).toMatch(/OAUTH_TOKEN_URL/);
    expect(error.message).toMatch(/OAUTH_CLIENT_ID/);
  });

  it("a file that cannot be read is named with its path", () => {
    const error = thrown(() => createClient({ env: { ...base(), OAUTH_TLS_CERT: "/nonexistent/client.pem", OAUTH_TLS_KEY: s.pki.client.keyPath } }));
    expect(error.code).toBe(INVALID_OPTIONS);
    expect(error.message).toMatch(/OAUTH_TLS_CERT: cannot read the file \/nonexistent\/client\.pem \(ENOENT\)/);
  });

  it("an expired certificate in a file: OCC_INVALID_KEY naming the variable and the file", () => {
    const error = thrown(() => createClient({ env: { ...base(), OAUTH_TLS_CERT: s.pki.expired.certPath, OAUTH_TLS_KEY: s.pki.expired.keyPath } }));
    expect(error.code).toBe(INVALID_KEY);
    expect(error.message).toBe(
      `@occ/node createClient: the client certificate (OAUTH_TLS_CERT, file ${s.pki.expired.certPath}) (CN=occ-mtls-expired) expired at 2021-01-01T00:00:00.000Z: renew it`,
    );
  });

  it("a key in a variable that does not fit the certificate: named by variable, never shown", () => {
    const error = thrown(() => createClient({ env: { ...base(), OAUTH_TLS_CERT: s.pki.client.cert, OAUTH_TLS_KEY: s.pki.other.key } }));
    expect(error.code).toBe(INVALID_KEY);
    expect(error.message).toBe("@occ/node createClient: the private key (OAUTH_TLS_KEY) does not belong to the client certificate (OAUTH_TLS_CERT) (CN=occ-mtls-client): they must be a pair");
    const body = s.pki.other.key.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
    expect(`${error.stack}${inspect(error)}`).not.toContain(body.slice(20, 40));
  });

  it("the variables are not read for other methods, nor when a fetch is given", async () => {
    const bogus = { OAUTH_TLS_CERT: "/nonexistent/cert.pem", OAUTH_TLS_KEY: "/nonexistent/key.pem" };
    expect(() => createClient({ env: { ...base(), OAUTH_AUTH_METHOD: "client_secret_basic", OAUTH_CLIENT_SECRET: "s", ...bogus } })).not.toThrow();
    const client = createClient({ fetch: mtlsFetch({ cert: s.pki.client.cert, key: s.pki.client.key, ca: s.pki.ca.cert }), env: { ...base(), ...bogus } });
    expect((await client.getToken()).tokenType).toBe("Bearer");
  });
});
