import type { ClientAuth } from "./client-auth.js";
import { noAlternative } from "./client-auth.js";
import { noSecrets } from "../util/redact.js";

/**
 * Methods where the request carries only `client_id`: `none` (a public client) and mutual TLS (RFC 8705 §2), where
 * the client certificate on the connection — presented by the adapter's `fetch` — is the credential. An adapter's
 * mTLS fetch carries the certificate's thumbprint as `credentialId`, so tokens bound to different certificates
 * never mix in a store.
 */
export function clientIdOnly(clientId: string, method: "none" | "tls_client_auth" | "self_signed_tls_client_auth", credentialId = ""): ClientAuth {
  return {
    method,
    secretIndex: 0,
    credentialId,
    redact: noSecrets,
    apply({ form }) {
      form.set("client_id", clientId);
    },
    next: noAlternative,
    hint: method === "none" ? "check the client id" : "check the client certificate the fetch presents and the one registered for this client",
  };
}
