import { CLIENT_ASSERTION_FAILED, OccError } from "../errors.js";
import type { ClientAssertion } from "../credentials.js";
import { safeCause } from "../util/cause.js";
import { type ClientAuth, noAlternative } from "./client-auth.js";

/** RFC 7523 §2.2. */
export const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/**
 * `private_key_jwt` and `client_secret_jwt` (RFC 7523 §2.2; OpenID Connect Core §9): a fresh assertion from
 * `sign` for every attempt, so each can carry its own `jti`. occ signs nothing itself (`@occ/keys` does).
 */
export function clientAssertion(
  clientId: string,
  sign: ClientAssertion,
  method: "private_key_jwt" | "client_secret_jwt",
  assertionType: string,
): ClientAuth {
  // The last assertion sent: a short-lived credential, kept out of messages like any secret.
  let last = "";
  const redact = (text: string) => (last ? text.split(last).join("[REDACTED]") : text);
  return {
    method,
    secretIndex: 0,
    credentialId: sign.credentialId ?? "",
    redact,
    async apply({ tokenUrl, issuer, form, signal }) {
      let assertion: unknown;
      try {
        assertion = await sign({ tokenUrl: tokenUrl.href, clientId, ...(issuer && { issuer }), signal });
      } catch (cause) {
        throw new OccError(CLIENT_ASSERTION_FAILED, `The clientAssertion for ${method} failed: ${redact(String((cause as Error)?.message ?? cause))}`, {
          cause: safeCause(cause, redact),
        });
      }
      if (typeof assertion !== "string" || assertion === "") {
        throw new OccError(CLIENT_ASSERTION_FAILED, "The clientAssertion must return a non-empty string (a signed JWT)");
      }
      last = assertion;
      form.set("client_id", clientId);
      form.set("client_assertion_type", assertionType);
      form.set("client_assertion", assertion);
    },
    next: noAlternative,
    hint: "check the signing key registered for this client, the assertion's aud and its clock",
  };
}
