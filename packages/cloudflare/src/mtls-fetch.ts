import { INVALID_OPTIONS, OccError } from "@occ/core";

/** An `mtls_certificates` binding (a `Fetcher`), as far as {@link mtlsFetch} uses it. */
export interface CertificateBindingLike {
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
}

/**
 * The `fetch` of an `mtls_certificates` binding, as a client's `fetch`: every token request (and `client.fetch`)
 * presents the binding's client certificate, for `tls_client_auth` or `self_signed_tls_client_auth` (RFC 8705) and
 * certificate-bound tokens. The binding's method is called on the binding, so it never loses its `this`.
 *
 * @param certificate The binding, e.g. `env.MY_CERT` from `[[mtls_certificates]]` in wrangler.toml.
 * @throws {OccError} `OCC_INVALID_OPTIONS` when `certificate` is not a binding with `fetch` (a missing binding).
 *
 * @example
 * ```ts
 * createClient(env, ctx, { authMethod: "tls_client_auth", fetch: mtlsFetch(env.MY_CERT) });
 * ```
 */
export function mtlsFetch(certificate: CertificateBindingLike): typeof fetch {
  if (typeof certificate?.fetch !== "function") {
    throw new OccError(
      INVALID_OPTIONS,
      "mtlsFetch: pass an mtls_certificates binding, e.g. env.MY_CERT; bind it under [[mtls_certificates]] in wrangler.toml",
    );
  }
  return (input, init) => certificate.fetch(input, init);
}
