import { generateKeyPairSync } from "node:crypto";
import type { DemoClient } from "@occ/dev-server";
import type { KeysEnv } from "../context.ts";

const SCOPE = "read:data write:data";

function keyPair(alg: keyof KeysEnv["privateKeyJwt"]) {
  if (alg === "ES256") return generateKeyPairSync("ec", { namedCurve: "P-256" });
  if (alg === "EdDSA") return generateKeyPairSync("ed25519");
  return generateKeyPairSync("rsa", { modulusLength: 2048 });
}

/**
 * The clients of the `@occ/keys` cases: a key pair per algorithm (the public half registered, the private half handed
 * to the runtimes as PEM and JWK), a `client_secret_jwt` client and a DPoP-bound one. Test keys, made per run.
 */
export function keyClients(): { clients: DemoClient[]; env: Omit<KeysEnv, "nonceApiUrl"> } {
  const privateKeyJwt = {} as KeysEnv["privateKeyJwt"];
  const clients: DemoClient[] = [];
  for (const alg of ["RS256", "PS256", "ES256", "EdDSA"] as const) {
    const { privateKey, publicKey } = keyPair(alg);
    const clientId = `keys:${alg}`;
    privateKeyJwt[alg] = { clientId, pem: privateKey.export({ type: "pkcs8", format: "pem" }) as string, jwk: privateKey.export({ format: "jwk" }) };
    clients.push({ clientId, authMethod: "private_key_jwt", authSigningAlg: alg, scope: SCOPE, jwks: { keys: [publicKey.export({ format: "jwk" })] } });
  }
  const secretJwt = { clientId: "keys:secret-jwt", clientSecret: "keys conformance client_secret_jwt secret, 48+ chars" };
  const dpop = { clientId: "keys:dpop", clientSecret: "keys-dpop-secret" };
  clients.push({ ...secretJwt, authMethod: "client_secret_jwt", scope: SCOPE });
  clients.push({ ...dpop, authMethod: "client_secret_basic", scope: SCOPE, dpopBound: true });
  return { clients, env: { privateKeyJwt, secretJwt, dpop } };
}
