import { generateKeyPairSync } from "node:crypto";
import type { DemoClient } from "@occ/dev-server";
import { appDir } from "../apps.ts";
import type { DemoContext } from "../context.ts";
import { eventsOf } from "../events.ts";
import { runToEnd } from "../processes.ts";

/** A client that authenticates with a key instead of a secret: the server holds only its public key. */
export interface KeyClient {
  /** What the authorization server registers: `private_key_jwt`, the public key as a JWKS. */
  registration: DemoClient;
  /** The private key, PKCS #8 PEM, as `OAUTH_PRIVATE_KEY` holds it. */
  privateKeyPem: string;
  /** The `kid` the public key is registered under: `OAUTH_PRIVATE_KEY_ID`. */
  keyId: string;
}

const KEY_ID = "demo-2026-01";

/** A fresh ES256 key pair and the client registration for it (P-256 keys take a millisecond to make). */
export function keyClient(): KeyClient {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    registration: {
      clientId: "occ:demo-key",
      authMethod: "private_key_jwt",
      authSigningAlg: "ES256",
      scope: "read:data",
      jwks: { keys: [{ ...publicKey.export({ format: "jwk" }), kid: KEY_ID }] },
    },
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
    keyId: KEY_ID,
  };
}

/**
 * apps/node with `OAUTH_PRIVATE_KEY` and no secret: `@occ/node` hands the key to `privateKeyJwt` (`@occ/keys`), which
 * signs a client assertion (RFC 7523) for each token request; oidc-provider verifies it with the registered public
 * key. The same job with a key the server does not know is refused.
 */
export async function signedAssertion({ auth, report, config }: DemoContext, client: KeyClient): Promise<void> {
  report.section("No secret: a signed client assertion", "apps/node · OAUTH_PRIVATE_KEY · private_key_jwt, ES256 (@occ/keys)");
  const { OAUTH_CLIENT_SECRET: _, ...withoutSecret } = config();
  const env = (pem: string) => ({ ...withoutSecret, OAUTH_CLIENT_ID: client.registration.clientId, OAUTH_PRIVATE_KEY: pem, OAUTH_PRIVATE_KEY_ID: client.keyId });
  const strangerPem = keyClient().privateKeyPem;
  const job = (pem: string) => runToEnd(process.execPath, ["src/main.ts"], { cwd: appDir("node"), env: env(pem) });

  const before = auth.tokenRequests();
  const [signed, stranger] = await Promise.all([job(client.privateKeyPem), job(strangerPem)]);
  const answer = /-> 200 (\{.*\})$/m.exec(signed.stdout)?.[1];
  const clientId = answer === undefined ? undefined : (JSON.parse(answer) as { client_id?: string }).client_id;
  const [fetched] = eventsOf(signed.stderr, "token_fetched");
  report.check(
    signed.code === 0 && fetched !== undefined && clientId === client.registration.clientId,
    `the server verified the assertion against the registered public key: token for ${clientId ?? "?"}, API answered 200`,
  );
  if (fetched !== undefined) report.note(fetched.line);

  const refusal = stranger.stderr.split("\n").find((line) => line.startsWith("error:")) ?? "(no error line)";
  report.check(stranger.code === 1 && refusal.includes("OAuthError invalid_client"), "a key the server does not know is refused:");
  report.note(refusal);
  report.check(auth.tokenRequests() - before === 2, `one token request each: ${auth.tokenRequests() - before} requests`);

  const printed = signed.stdout + signed.stderr + stranger.stdout + stranger.stderr;
  // Every 16-character piece of either key's PEM body: even a fragment of a key would be found.
  const pieces = (pem: string) => pem.replace(/-----[A-Z ]+-----|\s/g, "").match(/.{16}/g) ?? [];
  const leaked = [client.privateKeyPem, strangerPem].flatMap(pieces).some((piece) => printed.includes(piece));
  report.check(!leaked, "no private key material in any output");
}
