import { DISCOVERY_FAILED, INVALID_OPTIONS, OccError } from "../errors.js";
import type { DiscoveredEndpoint, DiscoveryContext } from "../discovered-endpoint.js";
import { describeUrl, parseEndpoint } from "./endpoint.js";

/** Redirects followed per metadata document, each within the issuer's origin. */
const MAX_REDIRECTS = 3;

/** Metadata locations for an issuer: RFC 8414 §3.1 (path inserted after the well-known prefix), then OIDC Discovery 1.0 §4. */
export function metadataUrls(issuer: URL): URL[] {
  const path = issuer.pathname === "/" ? "" : issuer.pathname.replace(/\/$/, "");
  return [
    new URL(`/.well-known/oauth-authorization-server${path}`, issuer.origin),
    new URL(`${path}/.well-known/openid-configuration`, issuer.origin),
  ];
}

const withoutTrailingSlash = (value: string) => value.replace(/\/$/, "");

/**
 * GETs one metadata document, following redirects within the issuer's origin only: no credentials are sent there,
 * but a redirect elsewhere would let another host choose the token endpoint.
 */
async function getMetadata(url: URL, context: DiscoveryContext): Promise<unknown> {
  for (let hops = 0; ; hops++) {
    const { status, headers, body } = await context.get(url);
    if (status > 299 && status < 400) {
      const next = new URL(headers.get("location") ?? "", url);
      if (next.origin !== url.origin || hops === MAX_REDIRECTS) {
        throw `redirect to ${describeUrl(next)} refused (only ${MAX_REDIRECTS} redirects within ${url.origin} are followed)`;
      }
      url = next;
      continue;
    }
    if (status !== 200) throw `status ${status}`;
    try {
      return JSON.parse(body);
    } catch {
      throw "not JSON";
    }
  }
}

/**
 * A token endpoint discovered from `issuer`'s metadata (RFC 8414, then OpenID Connect Discovery), for
 * `createClient({ tokenUrl: discover(issuer), … })`. The metadata's `issuer` must equal this one (RFC 8414 §3.3),
 * which stops a compromised or mistyped document from sending credentials elsewhere. Imported only by those
 * who use it: a client with a fixed `tokenUrl` ships none of this.
 *
 * @throws {OccError} `OCC_INVALID_OPTIONS` when `issuer` is not an absolute URL without query or fragment.
 */
export function discover(issuer: string | URL): DiscoveredEndpoint {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new OccError(INVALID_OPTIONS, "discover: issuer must be an absolute https: URL");
  }
  if (url.search || url.hash) throw new OccError(INVALID_OPTIONS, "discover: issuer must not have a query or fragment (RFC 8414 §2)");
  const where = describeUrl(url);
  return {
    issuer: url.href,
    async resolve(context) {
      // Checked here, where the client's allowInsecureHttp is known.
      parseEndpoint(url, "issuer", context.allowInsecureHttp);
      const failures: string[] = [];
      let cause: OccError | undefined;
      for (const location of metadataUrls(url)) {
        let metadata: { issuer?: unknown; token_endpoint?: unknown } | null;
        try {
          metadata = (await getMetadata(location, context)) as typeof metadata;
        } catch (problem) {
          // A transport failure is kept as the cause: it tells whether trying again later may help.
          if (problem instanceof OccError) cause = problem;
          failures.push(`${describeUrl(location)}: ${problem instanceof OccError ? problem.message : String(problem)}`);
          continue;
        }
        if (typeof metadata?.token_endpoint !== "string") {
          failures.push(`${describeUrl(location)}: no token_endpoint`);
          continue;
        }
        if (typeof metadata.issuer !== "string" || withoutTrailingSlash(metadata.issuer) !== withoutTrailingSlash(url.href)) {
          throw new OccError(DISCOVERY_FAILED, `Metadata at ${describeUrl(location)} names another issuer than ${where}`);
        }
        try {
          return parseEndpoint(metadata.token_endpoint, "token_endpoint", context.allowInsecureHttp);
        } catch (cause) {
          throw new OccError(DISCOVERY_FAILED, `Metadata at ${describeUrl(location)}: ${(cause as Error).message}`, { cause });
        }
      }
      throw new OccError(DISCOVERY_FAILED, `No authorization server metadata for ${where} (${failures.join("; ")})`, { cause });
    },
  };
}
