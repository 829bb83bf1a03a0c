import type { AuthMethod } from "../credentials.js";
import { encodeBase64 } from "../util/base64.js";
import { formEncode } from "../util/form.js";
import { fingerprint } from "../util/hash.js";
import { redactor } from "../util/redact.js";
import type { ClientAuth } from "./client-auth.js";

type SecretMethod = "client_secret_basic" | "client_secret_post";

interface Candidate {
  secretIndex: number;
  method: SecretMethod;
}

const basicCredentials = (clientId: string, secret: string) =>
  encodeBase64(new TextEncoder().encode(`${formEncode(clientId)}:${formEncode(secret)}`));

/**
 * `client_secret_basic` and `client_secret_post` (RFC 6749 §2.3.1), with a rotation list of secrets (newest first).
 *
 * With `method` undefined, Basic comes first, form-encoded as the RFC says. Most servers in the field do not decode
 * Basic credentials (several split them at every `:`), so when form-encoding changed them and the server refuses
 * them, `client_secret_post` — which every server decodes — is tried once per secret for the client's lifetime,
 * and kept when it works. A method named by the user is used strictly.
 */
export function clientSecret(clientId: string, secrets: readonly string[], method: SecretMethod | undefined): ClientAuth {
  const encodingChanges = (secret: string) => formEncode(clientId) !== clientId || formEncode(secret) !== secret;
  // Every secret with the method named, or by default every secret with Basic first — a server that decodes Basic
  // then needs no extra request per secret — and then, for the secrets form-encoding changed, with post.
  const candidates: Candidate[] = secrets.map((_, secretIndex) => ({ secretIndex, method: method ?? "client_secret_basic" }));
  if (!method) {
    secrets.forEach((secret, secretIndex) => encodingChanges(secret) && candidates.push({ secretIndex, method: "client_secret_post" }));
  }
  const basic = secrets.map((secret) => basicCredentials(clientId, secret));
  // Post fallbacks already tried without success: not tried again.
  const spent = new Set<Candidate>();
  const triedNow = new Set<Candidate>();
  let current = 0;
  const candidate = () => candidates[current]!;

  return {
    get method(): AuthMethod {
      return candidate().method;
    },
    get secretIndex() {
      return candidate().secretIndex;
    },
    credentialId: fingerprint(secrets.join("\n"), clientId),
    redact: redactor(secrets.flatMap((secret, i) => [secret, formEncode(secret), encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), basic[i]!])),
    apply({ form, headers }) {
      const { secretIndex, method } = candidate();
      if (method === "client_secret_basic") {
        headers.authorization = "Basic " + basic[secretIndex];
      } else {
        form.set("client_id", clientId);
        form.set("client_secret", secrets[secretIndex]!);
      }
    },
    next(tried) {
      if (tried === 1) triedNow.clear();
      triedNow.add(candidate());
      if (!method && candidate().method === "client_secret_post") spent.add(candidate());
      // Move on to the next candidate not spent, so the next request starts there; try it now unless this request has.
      for (let step = 1; step <= candidates.length; step++) {
        const index = (current + step) % candidates.length;
        if (!spent.has(candidates[index]!)) {
          current = index;
          return !triedNow.has(candidates[index]!);
        }
      }
      return false;
    },
    get hint() {
      // By default the fallback has already tried client_secret_post; only a strict Basic client needs the advice.
      return (
        "check the client id and secret" +
        (method === "client_secret_basic" && encodingChanges(secrets[candidate().secretIndex]!)
          ? "; the secret has characters that Basic credentials must form-encode (RFC 6749 §2.3.1), which many servers do not decode: authMethod client_secret_post avoids that"
          : "")
      );
    },
  };
}
