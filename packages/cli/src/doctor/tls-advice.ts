import type { PeerCertificate } from "node:tls";

const TRUST_IT = "If the server is yours, trust its CA explicitly with NODE_EXTRA_CA_CERTS=/path/to/ca.pem — never NODE_TLS_REJECT_UNAUTHORIZED=0.";

/** What a certificate verification error means, and what to change. */
export function explainCertificateError(code: string, cert: PeerCertificate | undefined, host: string): { summary: string; advice: string } {
  const names = cert?.subjectaltname ?? (cert?.subject?.CN === undefined ? "other names" : `CN=${String(cert.subject.CN)}`);
  switch (code) {
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
      return { summary: "the certificate is self-signed: nothing this machine trusts vouches for it", advice: TRUST_IT };
    case "SELF_SIGNED_CERT_IN_CHAIN":
      return {
        summary: "the certificate chain ends in a CA this machine does not trust (a company proxy, or a private CA)",
        advice: "Add that CA: NODE_EXTRA_CA_CERTS=/path/to/ca.pem. Never NODE_TLS_REJECT_UNAUTHORIZED=0.",
      };
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "UNABLE_TO_GET_ISSUER_CERT":
    case "UNABLE_TO_GET_ISSUER_CERT_LOCALLY":
      return {
        summary: "the certificate's issuer is unknown here: the server does not send its intermediate certificates, or its CA is private",
        advice: `The server should send its full chain. ${TRUST_IT}`,
      };
    case "CERT_HAS_EXPIRED":
      return {
        summary: `the certificate expired on ${cert?.valid_to ?? "an earlier date"} (this machine's clock says ${new Date().toUTCString()})`,
        advice: "The server must renew its certificate — unless this machine's clock is wrong.",
      };
    case "CERT_NOT_YET_VALID":
      return { summary: `the certificate is not valid before ${cert?.valid_from ?? "a later date"}`, advice: "Check this machine's clock." };
    case "ERR_TLS_CERT_ALTNAME_INVALID":
      return { summary: `the certificate is for ${names}, not ${host}`, advice: "Use a host name the certificate names, or have the certificate reissued for this one." };
    default:
      return { summary: `the certificate was not accepted (${code})`, advice: TRUST_IT };
  }
}
