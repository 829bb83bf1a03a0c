import { describeUrl, parseEndpoint } from "./endpoint.js";
import { DISCOVERY_FAILED, OccError } from "./errors.js";
import type { HttpResult, TransportOptions } from "./transport.js";
import { send } from "./transport.js";

/** Metadata locations for an issuer: RFC 8414 §3.1 (path inserted after the well-known prefix), then OIDC Discovery 1.0 §4. */
function metadataUrls(issuer: URL): URL[] {
  const path = issuer.pathname === "/" ? "" : issuer.pathname.replace(/\/$/, "");
  return [
    new URL(`/.well-known/oauth-authorization-server${path}`, issuer.origin),
    new URL(`${path}/.well-known/openid-configuration`, issuer.origin),
  ];
}

const withoutTrailingSlash = (value: string) => value.replace(/\/$/, "");

/**
 * Finds the token endpoint from the issuer's metadata. The metadata's `issuer` must match the configured one
 * (RFC 8414 §3.3), which stops a compromised or mistyped document from sending credentials elsewhere.
 */
export async function discoverTokenEndpoint(issuer: URL, transport: TransportOptions, allowInsecureHttp: boolean): Promise<URL> {
  const failures: string[] = [];
  let lastCause: unknown;
  for (const url of metadataUrls(issuer)) {
    let result: HttpResult;
    try {
      result = await send(async () => ({ url: url.href, init: { headers: { accept: "application/json" } } }), transport);
    } catch (cause) {
      lastCause = cause;
      failures.push(`${describeUrl(url)}: ${(cause as Error).message}`);
      continue;
    }
    if (result.status !== 200) {
      failures.push(`${describeUrl(url)}: status ${result.status}`);
      continue;
    }
    let metadata: { issuer?: unknown; token_endpoint?: unknown } | null;
    try {
      metadata = JSON.parse(result.body);
    } catch (cause) {
      lastCause = cause;
      failures.push(`${describeUrl(url)}: not JSON`);
      continue;
    }
    if (typeof metadata !== "object" || metadata === null || typeof metadata.token_endpoint !== "string") {
      failures.push(`${describeUrl(url)}: no token_endpoint`);
      continue;
    }
    if (typeof metadata.issuer !== "string" || withoutTrailingSlash(metadata.issuer) !== withoutTrailingSlash(issuer.href)) {
      throw new OccError(DISCOVERY_FAILED, `Metadata at ${describeUrl(url)} names a different issuer than ${describeUrl(issuer)}`);
    }
    try {
      return parseEndpoint(metadata.token_endpoint, "token_endpoint", allowInsecureHttp);
    } catch (cause) {
      throw new OccError(DISCOVERY_FAILED, `Metadata at ${describeUrl(url)}: ${(cause as Error).message}`, { cause });
    }
  }
  throw new OccError(DISCOVERY_FAILED, `No authorization server metadata for ${describeUrl(issuer)} (${failures.join("; ")})`, {
    cause: lastCause,
  });
}
