/**
 * Mutual TLS (RFC 8705) on Deno: mtlsFetch (Deno.createHttpClient) against oidc-provider behind an HTTPS endpoint
 * that requires a client certificate, and the protected API that checks `cnf.x5t#S256` against the connection.
 * The servers and certificates come from test/run.ts (OCC_TEST_MTLS).
 */
import assert from "node:assert/strict";
import { createClient, INVALID_KEY, INVALID_OPTIONS, mtlsFetch, NETWORK_ERROR, OAuthError, OccError } from "../src/index.ts";
import { renderings, thrown, withEnv } from "./helpers.ts";

interface Files {
  certPath: string;
  keyPath: string;
  thumbprint: string;
}
const t = JSON.parse(Deno.env.get("OCC_TEST_MTLS") ?? "null") as {
  tokenUrl: string;
  apiUrl: string;
  pkiClientId: string;
  selfSignedClientId: string;
  dir: string;
  certificates: Record<"ca" | "client" | "other" | "selfSigned" | "expired" | "notYetValid", Files>;
};
const { certificates: c } = t;
const read = (path: string) => Deno.readTextFileSync(path);
const tls = (name: keyof typeof c) => ({ cert: read(c[name].certPath), key: read(c[name].keyPath), ca: read(c.ca.certPath) });
const claims = (jwt: string) => JSON.parse(atob(jwt.split(".")[1]!.replaceAll("-", "+").replaceAll("_", "/")));
// Deno keeps an HttpClient's connections open; the tests' fetches are not all closed by the end of a test.
const test = (name: string, fn: () => Promise<void> | void) => Deno.test({ name, fn, sanitizeResources: false, sanitizeOps: false });

async function typed(fn: () => unknown): Promise<OccError> {
  const error = await thrown(fn);
  assert.ok(error instanceof OccError, `expected an OccError, got ${error}`);
  return error;
}

for (const [authMethod, name, clientId] of [
  ["tls_client_auth", "client", t.pkiClientId],
  ["self_signed_tls_client_auth", "selfSigned", t.selfSignedClientId],
] as const) {
  test(`${authMethod}: a certificate-bound token, used by client.fetch over mutual TLS, refused without the certificate`, async () => {
    const client = createClient({ tokenUrl: t.tokenUrl, clientId, authMethod, fetch: mtlsFetch(tls(name)) });
    const token = await client.getToken();
    assert.equal(token.tokenType, "Bearer");
    assert.deepEqual(claims(token.accessToken).cnf, { "x5t#S256": c[name].thumbprint });
    const response = await client.fetch(`${t.apiUrl}/data`);
    assert.equal(response.status, 200);
    assert.equal((await response.json()).client_id, clientId);

    const headers = { authorization: `Bearer ${token.accessToken}` };
    using trusting = Deno.createHttpClient({ caCerts: [read(c.ca.certPath)] });
    const withoutCertificate = await fetch(`${t.apiUrl}/data`, { headers, client: trusting });
    assert.equal(withoutCertificate.status, 401);
    assert.match((await withoutCertificate.json()).error_description, /presented none/);
    const withAnother = await mtlsFetch(tls("other"))(`${t.apiUrl}/data`, { headers });
    assert.equal(withAnother.status, 401);
    assert.match((await withAnother.json()).error_description, /bound to another client certificate/);
  });
}

test("a certificate the server does not accept for the client: OAuthError invalid_client", async () => {
  const client = createClient({ tokenUrl: t.tokenUrl, clientId: t.pkiClientId, authMethod: "tls_client_auth", fetch: mtlsFetch(tls("other")), retries: 0 });
  const error = await thrown(() => client.getToken());
  assert.ok(error instanceof OAuthError);
  assert.equal(error.error, "invalid_client");
  assert.equal(error.status, 401);
  assert.match(error.message, /tls_client_auth/);
});

test("no certificate at all: the token endpoint closes the connection, OCC_NETWORK_ERROR", async () => {
  using trusting = Deno.createHttpClient({ caCerts: [read(c.ca.certPath)] });
  const fetchTrusting: typeof fetch = (input, init) => fetch(input, { ...init, client: trusting });
  const client = createClient({ tokenUrl: t.tokenUrl, clientId: t.pkiClientId, authMethod: "tls_client_auth", fetch: fetchTrusting, retries: 0 });
  assert.equal((await typed(() => client.getToken())).code, NETWORK_ERROR);
});

test("an expired certificate: OCC_INVALID_KEY at creation, naming it", async () => {
  const error = await typed(() => mtlsFetch(tls("expired")));
  assert.equal(error.code, INVALID_KEY);
  assert.equal(error.message, "@occ/deno mtlsFetch: the client certificate (CN=occ-mtls-expired) expired at 2021-01-01T00:00:00.000Z: renew it");
  assert.match((await typed(() => mtlsFetch(tls("notYetValid")))).message, /\(CN=occ-mtls-not-yet-valid\) is not valid before 2099-01-01/);
});

test("bad certificates and keys: OCC_INVALID_KEY without key material", async () => {
  const good = tls("client");
  const otherKey = read(c.other.keyPath);
  const v1Path = `${t.dir}/v1.pem`;
  const signed = ["x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-days", "1", "-out", v1Path];
  assert.ok((await new Deno.Command("openssl", { args: signed, cwd: t.dir, stderr: "null" }).output()).success);
  const cases: [string, () => unknown, RegExp][] = [
    ["v1", () => mtlsFetch({ ...good, cert: read(v1Path) }), /\(CN=occ-mtls-client\) is an X\.509 version 1 certificate; Deno's TLS presents version 3 only/],
    ["not a key", () => mtlsFetch({ ...good, key: good.cert }), /the private key is not an unencrypted PEM private key/],
    ["garbled key", () => mtlsFetch({ ...good, key: good.key.replace(/\n[A-Za-z0-9+/]{8}/, "\nAAAAAAAA") }), /Deno could not load the client certificate with the private key|does not belong/],
    ["another key", () => mtlsFetch({ ...good, key: otherKey }), /the private key does not belong to the client certificate: they must be a pair/],
    ["not a certificate", () => mtlsFetch({ ...good, cert: good.key }), /the client certificate is not a PEM certificate/],
  ];
  for (const [name, fn, message] of cases) {
    const error = await typed(fn);
    assert.equal(error.code, INVALID_KEY, name);
    assert.match(error.message, message, name);
    const seen = renderings(error);
    for (const pem of [good.key, otherKey]) {
      const body = pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
      for (let i = 0; i + 16 <= body.length; i += 16) assert.ok(!seen.includes(body.slice(i, i + 16)), `${name}: key material in the error`);
    }
  }
});

const ENV = { OAUTH_TOKEN_URL: t.tokenUrl, OAUTH_CLIENT_ID: t.pkiClientId, OAUTH_AUTH_METHOD: "tls_client_auth", OAUTH_CLIENT_SECRET: undefined };

test("OAUTH_TLS_CERT, OAUTH_TLS_KEY and OAUTH_TLS_CA as file paths", async () => {
  const vars = { ...ENV, OAUTH_TLS_CERT: c.client.certPath, OAUTH_TLS_KEY: c.client.keyPath, OAUTH_TLS_CA: c.ca.certPath };
  await withEnv(vars, async () => {
    const client = createClient();
    assert.deepEqual(claims((await client.getToken()).accessToken).cnf, { "x5t#S256": c.client.thumbprint });
    assert.equal((await client.fetch(`${t.apiUrl}/data`)).status, 200);
  });
});

test("OAUTH_TLS_* as PEM text, with self_signed_tls_client_auth", async () => {
  const { cert, key, ca } = tls("selfSigned");
  const vars = { ...ENV, OAUTH_CLIENT_ID: t.selfSignedClientId, OAUTH_AUTH_METHOD: "self_signed_tls_client_auth", OAUTH_TLS_CERT: cert, OAUTH_TLS_KEY: key, OAUTH_TLS_CA: ca };
  await withEnv(vars, async () => assert.equal((await createClient().fetch(`${t.apiUrl}/data`)).status, 200));
});

test("OAUTH_TLS_*: missing, unreadable and expired are named, never shown", async () => {
  await withEnv({ ...ENV, OAUTH_TLS_CERT: c.client.certPath, OAUTH_TLS_KEY: undefined, OAUTH_TLS_CA: undefined }, async () => {
    const error = await typed(() => createClient());
    assert.equal(error.code, INVALID_OPTIONS);
    assert.match(error.message, /missing OAUTH_TLS_KEY \(with tls_client_auth\)/);
  });
  await withEnv({ ...ENV, OAUTH_TLS_CERT: `${t.dir}/missing.pem`, OAUTH_TLS_KEY: c.client.keyPath }, async () => {
    assert.match((await typed(() => createClient())).message, /OAUTH_TLS_CERT: cannot read the file .*missing\.pem/);
  });
  await withEnv({ ...ENV, OAUTH_TLS_CERT: read(c.expired.certPath), OAUTH_TLS_KEY: read(c.expired.keyPath) }, async () => {
    const error = await typed(() => createClient());
    assert.equal(error.code, INVALID_KEY);
    assert.equal(error.message, "@occ/deno createClient: the client certificate (OAUTH_TLS_CERT) (CN=occ-mtls-expired) expired at 2021-01-01T00:00:00.000Z: renew it");
  });
});
