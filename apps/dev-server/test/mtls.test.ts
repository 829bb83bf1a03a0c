/**
 * Mutual TLS (RFC 8705) on the dev servers, driven with node:https alone (no occ): oidc-provider authenticates
 * clients by certificate and binds tokens to it, and the protected API accepts a bound token only over a connection
 * that presents the same certificate.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPki, startAuthServer, startProtectedApi } from "../src/index.ts";
import type { AuthServer, DemoClient, ProtectedApi, TestCertificate, TestPki } from "../src/index.ts";
import { jwtPayload } from "./helpers.ts";

let dir: string;
let pki: TestPki;
let auth: AuthServer;
let api: ProtectedApi;
let pkiClient: DemoClient;
let selfSignedClient: DemoClient;
/** Why oidc-provider refused each token request: it keeps that out of the answer. */
const refusals: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "occ-pki-"));
  pki = await createTestPki(dir);
  const tls = { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert };
  pkiClient = { clientId: "occ:mtls", authMethod: "tls_client_auth", tlsSubjectDn: pki.client.subjectDn, certificateBound: true, scope: "read:data" };
  selfSignedClient = { clientId: "occ:mtls-self", authMethod: "self_signed_tls_client_auth", jwks: { keys: [pki.selfSigned.jwk] }, certificateBound: true, scope: "read:data" };
  auth = await startAuthServer({ tls, clients: [pkiClient, selfSignedClient] });
  auth.provider.on("grant.error", (_ctx: unknown, error: { error_detail?: string }) => refusals.push(error.error_detail ?? ""));
  api = await startProtectedApi({ issuer: auth.issuer, jwks: auth.jwks, tls });
}, 30_000);
afterAll(async () => {
  await Promise.all([api?.close(), auth?.close()]);
  await rm(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: any;
}

/** One HTTPS request trusting the test CA, presenting `certificate` when given. */
function call(url: string, certificate: TestCertificate | undefined, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const tls = certificate ? { cert: certificate.cert, key: certificate.key } : {};
    const req = request(url, { method: init.method ?? "GET", headers: init.headers, ca: pki.ca.cert, ...tls, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text === "" ? undefined : JSON.parse(text) }));
    });
    req.once("error", reject);
    req.end(init.body);
  });
}

const tokenRequest = (clientId: string, certificate: TestCertificate | undefined) =>
  call(auth.tokenUrl, certificate, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId }).toString(),
  });

const data = (token: string, certificate: TestCertificate | undefined) => call(`${api.url}/data`, certificate, { headers: { authorization: `Bearer ${token}` } });

describe("the authorization server", () => {
  it("is https and advertises both mTLS methods and certificate-bound tokens", async () => {
    expect(auth.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const { body } = await call(auth.discoveryUrl, pki.client);
    expect(body.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(["tls_client_auth", "self_signed_tls_client_auth"]));
    expect(body.tls_client_certificate_bound_access_tokens).toBe(true);
  });

  it.each([
    ["tls_client_auth", () => pkiClient, () => pki.client],
    ["self_signed_tls_client_auth", () => selfSignedClient, () => pki.selfSigned],
  ] as const)("%s: a token bound to the certificate (cnf.x5t#S256)", async (_method, client, certificate) => {
    const { status, body } = await tokenRequest(client().clientId, certificate());
    expect(status).toBe(200);
    expect(body.token_type).toBe("Bearer");
    expect(jwtPayload(body.access_token).cnf).toEqual({ "x5t#S256": certificate().thumbprint });
  });

  it.each([
    ["another CA-signed certificate", () => pkiClient, () => pki.other, "certificate subject value does not match the registered one"],
    ["a certificate from no trusted CA", () => pkiClient, () => pki.selfSigned, "client certificate was not verified"],
    ["an unregistered self-signed certificate", () => selfSignedClient, () => pki.client, "unregistered client certificate provided"],
  ] as const)("refuses %s: 401 invalid_client", async (_case, client, certificate, reason) => {
    const { status, body } = await tokenRequest(client().clientId, certificate());
    expect(status).toBe(401);
    expect(body).toMatchObject({ error: "invalid_client", error_description: "client authentication failed" });
    expect(refusals.at(-1)).toBe(reason);
  });

  it("closes a connection that presents no certificate", async () => {
    await expect(tokenRequest(pkiClient.clientId, undefined)).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|EPIPE/) });
  });
});

describe("the protected API", () => {
  it("accepts a certificate-bound token over a connection with that certificate, and refuses it otherwise", async () => {
    const { body } = await tokenRequest(pkiClient.clientId, pki.client);
    expect(await data(body.access_token, pki.client)).toMatchObject({ status: 200, body: { ok: true, client_id: pkiClient.clientId } });
    expect(await data(body.access_token, undefined)).toMatchObject({ status: 401, body: { error_description: expect.stringMatching(/presented none/) } });
    expect(await data(body.access_token, pki.other)).toMatchObject({ status: 401, body: { error_description: expect.stringMatching(/another client certificate/) } });
  });
});
