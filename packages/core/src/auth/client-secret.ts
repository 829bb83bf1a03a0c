import type { AuthMethod } from "../credentials.js";
import { encodeBase64 } from "../util/base64.js";
import { formEncode } from "../util/form.js";
import { fingerprint } from "../util/hash.js";
import { type Redact, redactor } from "../util/redact.js";
import type { ClientAuth, TokenRequest } from "./client-auth.js";

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
  return new SecretAuth(clientId, secrets, method);
}

/** A class, so that a process holding a client per tenant keeps one copy of these methods; the secrets are `#` fields. */
class SecretAuth implements ClientAuth {
  readonly credentialId: string;
  readonly redact: Redact;
  readonly #clientId: string;
  readonly #secrets: readonly string[];
  readonly #named: SecretMethod | undefined;
  readonly #candidates: Candidate[];
  readonly #basic: string[];
  // Post fallbacks already tried without success, and the candidates this request tried: made on the first refusal.
  #spent: Set<Candidate> | undefined;
  #triedNow: Set<Candidate> | undefined;
  #current = 0;

  constructor(clientId: string, secrets: readonly string[], named: SecretMethod | undefined) {
    this.#clientId = clientId;
    this.#secrets = secrets;
    this.#named = named;
    // Every secret with the method named, or by default every secret with Basic first — a server that decodes
    // Basic then needs no extra request per secret — and then, for the secrets form-encoding changed, with post.
    this.#candidates = secrets.map((_, secretIndex) => ({ secretIndex, method: named ?? "client_secret_basic" }));
    if (!named) {
      secrets.forEach((secret, secretIndex) => this.#encodingChanges(secret) && this.#candidates.push({ secretIndex, method: "client_secret_post" }));
    }
    this.#basic = secrets.map((secret) => basicCredentials(clientId, secret));
    this.credentialId = fingerprint(secrets.join("\n"), clientId);
    this.redact = redactor(secrets.flatMap((secret, i) => [secret, formEncode(secret), encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), this.#basic[i]!]));
  }

  #encodingChanges(secret: string): boolean {
    return formEncode(this.#clientId) !== this.#clientId || formEncode(secret) !== secret;
  }

  get #candidate(): Candidate {
    return this.#candidates[this.#current]!;
  }

  get method(): AuthMethod {
    return this.#candidate.method;
  }

  get secretIndex(): number {
    return this.#candidate.secretIndex;
  }

  apply({ form, headers }: TokenRequest): void {
    const { secretIndex, method } = this.#candidate;
    if (method === "client_secret_basic") {
      headers.authorization = "Basic " + this.#basic[secretIndex];
    } else {
      form.set("client_id", this.#clientId);
      form.set("client_secret", this.#secrets[secretIndex]!);
    }
  }

  next(tried: number): boolean {
    const triedNow = (this.#triedNow = tried === 1 || !this.#triedNow ? new Set() : this.#triedNow);
    const spent = (this.#spent ??= new Set());
    const candidates = this.#candidates;
    triedNow.add(this.#candidate);
    if (!this.#named && this.#candidate.method === "client_secret_post") spent.add(this.#candidate);
    // Move on to the next candidate not spent, so the next request starts there; try it now unless this request has.
    for (let step = 1; step <= candidates.length; step++) {
      const index = (this.#current + step) % candidates.length;
      if (!spent.has(candidates[index]!)) {
        this.#current = index;
        return !triedNow.has(candidates[index]!);
      }
    }
    return false;
  }

  get hint(): string {
    // By default the fallback has already tried client_secret_post; only a strict Basic client needs the advice.
    return (
      "check the client id and secret" +
      (this.#named === "client_secret_basic" && this.#encodingChanges(this.#secrets[this.#candidate.secretIndex]!)
        ? "; the secret has characters that Basic credentials must form-encode (RFC 6749 §2.3.1), which many servers do not decode: authMethod client_secret_post avoids that"
        : "")
    );
  }
}
