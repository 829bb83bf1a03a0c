/**
 * Mutual TLS (RFC 8705) with mtlsFetch against oidc-provider behind an HTTPS endpoint that requires a client
 * certificate, and a protected API that checks certificate-bound tokens (`cnf.x5t#S256`) against the connection.
 */
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, dpopKey, INVALID_KEY, mtlsFetch, NETWORK_ERROR, OAuthError, type OccEvent } from "../src/index.ts";
import { jwtClaims, startMtlsServers, type MtlsServers } from "./mtls-servers.ts";
import { thrown } from "./thrown.ts";

let s: MtlsServers;
beforeAll(async () => {
  s = await startMtlsServers();
}, 30_000);
afterAll(() => s?.close());

const tls = (name: "client" | "other" | "selfSigned" | "expired" | "notYetValid") => ({ cert: s.pki[name].cert, key: s.pki[name].key, ca: s.pki.ca.cert });

/** Base64 runs of a PEM's body: none may appear in what users see. */
const fragments = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "").match(/.{16}/g) ?? [];

describe.each([
  ["tls_client_auth", "client", () => s.pkiClient.clientId],
  ["self_signed_tls_client_auth", "selfSigned", () => s.selfSignedClient.clientId],
] as const)("%s", (authMethod, certificate, clientId) => {
  it("gets a token bound to the certificate, which client.fetch uses over mutual TLS", async () => {
    const client = createClient({ tokenUrl: s.auth.tokenUrl, clientId: clientId(), authMethod, fetch: mtlsFetch(tls(certificate)) });
    const token = await client.getToken();
    expect(token.tokenType).toBe("Bearer");
    expect(jwtClaims(token.accessToken).cnf).toEqual({ "x5t#S256": s.pki[certificate].thumbprint });
    const response = await client.fetch(`${s.api.url}/data`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, client_id: clientId() });
  });

  it("the same token is refused without the certificate, and with another one", async () => {
    const client = createClient({ tokenUrl: s.auth.tokenUrl, clientId: clientId(), authMethod, fetch: mtlsFetch(tls(certificate)) });
    const { accessToken } = await client.getToken();
    const headers = { authorization: `Bearer ${accessToken}` };
    // A fetch that trusts the test CA but presents no certificate: mtlsFetch's Agent without cert and key.
    const { Agent } = await import("undici");
    const noCertificate = await fetch(`${s.api.url}/data`, { headers, dispatcher: new Agent({ connect: { ca: s.pki.ca.cert } }) } as RequestInit);
    expect(noCertificate.status).toBe(401);
    expect(await noCertificate.json()).toMatchObject({ error: "invalid_token", error_description: expect.stringMatching(/presented none/) });
    const otherCertificate = await mtlsFetch(tls("other"))(`${s.api.url}/data`, { headers });
    expect(otherCertificate.status).toBe(401);
    expect(await otherCertificate.json()).toMatchObject({ error_description: expect.stringMatching(/bound to another client certificate/) });
  });
});

it("two certificates of one client id never share tokens through a store: the fetch carries the certificate's thumbprint", async () => {
  const { X509Certificate } = await import("node:crypto");
  const fetchWith = mtlsFetch(tls("client")) as typeof fetch & { credentialId?: string };
  const x5t = Buffer.from(new X509Certificate(s.pki.client.cert).fingerprint256.replaceAll(":", ""), "hex").toString("base64url");
  expect(fetchWith.credentialId).toBe(`x5t#S256:${x5t}`);
  expect((mtlsFetch(tls("other")) as { credentialId?: string }).credentialId).not.toBe(fetchWith.credentialId);
});

it("mutual TLS client authentication with DPoP-bound tokens: one fetch carries both", async () => {
  const dpop = await dpopKey();
  const client = createClient({ tokenUrl: s.auth.tokenUrl, clientId: s.dpopClient.clientId, authMethod: "tls_client_auth", dpop, fetch: mtlsFetch(tls("client")) });
  const token = await client.getToken();
  expect(token.tokenType).toBe("DPoP");
  expect(jwtClaims(token.accessToken).cnf).toEqual({ jkt: dpop.thumbprint });
  expect((await client.fetch(`${s.api.url}/data`)).status).toBe(200);
  // Without a proof the token is refused, whatever certificate the connection presents.
  const response = await mtlsFetch(tls("client"))(`${s.api.url}/data`, { headers: { authorization: `DPoP ${token.accessToken}` } });
  expect(response.status).toBe(401);
});

describe("refusals", () => {
  it("a certificate the server does not accept for the client: OAuthError invalid_client, naming the method", async () => {
    const client = createClient({ tokenUrl: s.auth.tokenUrl, clientId: s.pkiClient.clientId, authMethod: "tls_client_auth", fetch: mtlsFetch(tls("other")), retries: 0 });
    const error = await client.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: "invalid_client", status: 401 });
    expect((error as Error).message).toMatch(/tls_client_auth/);
  });

  it("no certificate at all: the server closes the connection, OCC_NETWORK_ERROR", async () => {
    const { Agent } = await import("undici");
    const trusting: typeof fetch = (input, init) => fetch(input, { ...init, dispatcher: new Agent({ connect: { ca: s.pki.ca.cert } }) } as RequestInit);
    const client = createClient({ tokenUrl: s.auth.tokenUrl, clientId: s.pkiClient.clientId, authMethod: "tls_client_auth", fetch: trusting, retries: 0 });
    await expect(client.getToken()).rejects.toMatchObject({ code: NETWORK_ERROR });
  });

  it("an expired certificate: OCC_INVALID_KEY at creation, naming it and when it expired", () => {
    const error = thrown(() => mtlsFetch(tls("expired")));
    expect(error.code).toBe(INVALID_KEY);
    expect(error.message).toBe("@occ/node mtlsFetch: the client certificate (CN=occ-mtls-expired) expired at 2021-01-01T00:00:00.000Z: renew it");
  });

  it("a certificate not valid yet: OCC_INVALID_KEY naming it", () => {
    expect(thrown(() => mtlsFetch(tls("notYetValid"))).message).toMatch(/the client certificate \(CN=occ-mtls-not-yet-valid\) is not valid before 2099-01-01/);
  });

  it.each([
    ["a key that is not PEM", () => ({ ...tls("client"), key: s.pki.client.key.split("\n").map((line, i) => (i === 1 ? `%%%%${line.slice(4)}` : line)).join("\n") }), /the private key is not an unencrypted PEM private key/],
    ["a certificate that is not PEM", () => ({ ...tls("client"), cert: s.pki.client.key }), /the client certificate is not a PEM certificate/],
    ["the key of another certificate", () => ({ ...tls("client"), key: s.pki.other.key }), /the private key does not belong to the client certificate \(CN=occ-mtls-client\)/],
  ])("%s: OCC_INVALID_KEY without key material", (_case, options, message) => {
    const input = options();
    const error = thrown(() => mtlsFetch(input));
    expect(error.code).toBe(INVALID_KEY);
    expect(error.message).toMatch(message);
    const seen = `${error.message}\n${error.stack}\n${inspect(error, { depth: 5 })}\n${JSON.stringify(error)}`;
    for (const fragment of [...fragments(s.pki.client.key), ...fragments(s.pki.other.key)]) expect(seen).not.toContain(fragment);
  });
});

it("the key appears nowhere: not in the fetch, the client, events or errors", async () => {
  const events: OccEvent[] = [];
  const fetchWithCertificate = mtlsFetch(tls("client"));
  const client = createClient({ tokenUrl: s.auth.tokenUrl, clientId: s.pkiClient.clientId, authMethod: "tls_client_auth", fetch: fetchWithCertificate, onEvent: (e) => events.push(e) });
  await client.getToken();
  const failure = await createClient({ tokenUrl: s.auth.tokenUrl, clientId: s.pkiClient.clientId, authMethod: "tls_client_auth", fetch: mtlsFetch(tls("other")), retries: 0 })
    .getToken()
    .catch((e: unknown) => e);
  const seen = [fetchWithCertificate, client, events, failure].map((value) => `${inspect(value, { depth: 8, showHidden: true })}\n${JSON.stringify(value)}`).join("\n");
  for (const fragment of fragments(s.pki.client.key)) expect(seen).not.toContain(fragment);
});
