/**
 * `@occ/keys` on every runtime: private_key_jwt with each algorithm, client_secret_jwt, refused keys, and DPoP
 * (token endpoint and resource nonces included) — signing with the runtime's own Web Crypto, verified by
 * oidc-provider and the protected API.
 */
import { INVALID_KEY, OAuthError, type Client } from "@occ/core";
import { clientSecretJwt, dpopKey, privateKeyJwt, type SigningAlg } from "@occ/keys";
import { assert, equal, rejectsWith } from "../assert.ts";
import type { Case, Context } from "../context.ts";
import { unbase64Utf8 } from "../secrets.ts";

const ALGS: SigningAlg[] = ["RS256", "PS256", "ES256", "EdDSA"];

function claims(jwt: string): Record<string, unknown> {
  const payload = (jwt.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/");
  return JSON.parse(unbase64Utf8(payload + "=".repeat((4 - (payload.length % 4)) % 4))) as Record<string, unknown>;
}

function assertionClient(ctx: Context, clientId: string, clientAssertion: ReturnType<typeof privateKeyJwt>): Client {
  return ctx.createClient({ tokenUrl: ctx.env.tokenUrl, clientId, authMethod: "private_key_jwt", clientAssertion, retries: 0 });
}

/** Pieces of `text` long enough to be recognizable key material. */
function fragments(text: string): string[] {
  const clean = text.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
  const pieces: string[] = [];
  for (let i = 0; i + 16 <= clean.length; i += 8) pieces.push(clean.slice(i, i + 16));
  return pieces;
}

const privateKeyJwtCases: Case[] = ALGS.map((alg) => ({
  name: `@occ/keys private_key_jwt ${alg}: oidc-provider accepts assertions signed from a PEM and from a JWK`,
  async run(ctx) {
    const { clientId, pem, jwk } = ctx.env.keys.privateKeyJwt[alg];
    for (const key of [pem, jwk]) {
      const token = await assertionClient(ctx, clientId, privateKeyJwt(key, { alg })).getToken();
      equal(claims(token.accessToken).client_id, clientId, `client_id of the token (${typeof key === "string" ? "PEM" : "JWK"})`);
    }
  },
}));

const dpopCases: Case[] = ALGS.map((alg) => ({
  name: `@occ/keys DPoP ${alg} (createClient dpop option): a bound token through the token endpoint's nonce challenge, then client.fetch through the API's`,
  async run(ctx) {
    const key = await dpopKey({ alg });
    const { clientId, clientSecret } = ctx.env.keys.dpop;
    const client = ctx.createClient({ tokenUrl: ctx.env.tokenUrl, clientId, clientSecret, dpop: key, retries: 0 });
    const token = await client.getToken();
    equal(token.tokenType, "DPoP", "token_type");
    equal(claims(token.accessToken).cnf, { jkt: key.thumbprint }, "cnf");
    // The nonce challenge was answered inside the DPoP fetch: one attempt, no retry, no failure.
    equal(ctx.events.map((event) => event.type === "token_fetched" ? `fetched:${event.attempts}` : event.type).filter((type) => type !== "token_cached"), ["fetched:1"], "events");
    const read = await client.fetch(`${ctx.env.keys.nonceApiUrl}/data`);
    equal(read.status, 200, `GET status (${read.headers.get("www-authenticate")})`);
    const write = await client.fetch(`${ctx.env.keys.nonceApiUrl}/data`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"n":1}' });
    equal(((await write.json()) as { received?: unknown }).received, { n: 1 }, "POST echo");
  },
}));

/** `@occ/keys` cases. */
export const keysCases: Case[] = [
  ...privateKeyJwtCases,
  {
    name: "@occ/keys client_secret_jwt HS256 and HS512: oidc-provider accepts the assertions",
    async run(ctx) {
      const { clientId, clientSecret } = ctx.env.keys.secretJwt;
      for (const alg of ["HS256", "HS512"] as const) {
        const token = await assertionClient(ctx, clientId, clientSecretJwt(clientSecret, { alg })).getToken();
        equal(claims(token.accessToken).client_id, clientId, `client_id (${alg})`);
      }
    },
  },
  {
    name: "@occ/keys private_key_jwt with a CryptoKey the server does not know: OAuthError invalid_client",
    async run(ctx) {
      const pair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"])) as CryptoKeyPair;
      const error = await rejectsWith(() => assertionClient(ctx, ctx.env.keys.privateKeyJwt.ES256.clientId, privateKeyJwt(pair.privateKey)).getToken(), "OCC_OAUTH_ERROR", "unknown key");
      assert(error instanceof OAuthError && error.error === "invalid_client", `expected invalid_client, got ${error.message}`);
    },
  },
  {
    name: "@occ/keys refuses bad keys with OCC_INVALID_KEY, and no error shows key material",
    async run(ctx) {
      const { pem, jwk } = ctx.env.keys.privateKeyJwt.RS256;
      const lines = pem.trim().split("\n");
      const truncated = [...lines.slice(0, 8), lines[lines.length - 1]!].join("\n");
      const { d: _private, ...publicJwk } = jwk;
      const material = [...fragments(pem), jwk.d!.slice(0, 16)];
      const attempts: [string, () => unknown][] = [
        ["a truncated PEM", () => privateKeyJwt(truncated)],
        ["a public JWK", () => privateKeyJwt(publicJwk)],
        ["a symmetric JWK", () => privateKeyJwt({ kty: "oct", k: jwk.d! })],
        ["an alg that does not fit", () => privateKeyJwt(pem, { alg: "ES256" })],
      ];
      for (const [what, attempt] of attempts) {
        const error = await rejectsWith(attempt, INVALID_KEY, what);
        const texts = [error.message, error.stack ?? "", String(error), JSON.stringify(error), ctx.inspect?.(error) ?? ""];
        const leaked = material.find((piece) => texts.some((text) => text.includes(piece)));
        assert(leaked === undefined, `${what}: key material in the error`);
        assert(error.cause === undefined, `${what}: the error has a cause`);
      }
    },
  },
  ...dpopCases,
  {
    name: "@occ/keys DPoP with the user's PEM and JWK keys, each algorithm: the runtime reads the public key, the server binds to it",
    async run(ctx) {
      const { clientId, clientSecret } = ctx.env.keys.dpop;
      for (const alg of ALGS) {
        const { pem, jwk } = ctx.env.keys.privateKeyJwt[alg];
        const fromPem = await dpopKey({ key: pem, alg });
        const fromJwk = await dpopKey({ key: jwk, alg });
        equal(fromPem.thumbprint, fromJwk.thumbprint, `${alg} thumbprint from PEM and JWK`);
        const client = ctx.createClient({ tokenUrl: ctx.env.tokenUrl, clientId, clientSecret, dpop: fromPem, retries: 0 });
        equal(claims((await client.getToken()).accessToken).cnf, { jkt: fromPem.thumbprint }, `${alg} cnf`);
      }
    },
  },
];
