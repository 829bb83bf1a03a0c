import type { ClientOptions, DiscoveredEndpoint } from "@occ/core";
import { describeUrl as safeUrl } from "@occ/core/diagnostics";

export { safeUrl };

/** Where the configuration points: the token endpoint itself, or the issuer it is discovered from. */
export type Endpoint = { tokenUrl: URL } | { issuer: URL };

const isDiscovered = (tokenUrl: ClientOptions["tokenUrl"]): tokenUrl is DiscoveredEndpoint =>
  typeof tokenUrl === "object" && !(tokenUrl instanceof URL);

/** The configured endpoint, as URLs (core has validated them by then). */
export function endpointOf(options: ClientOptions): Endpoint {
  const { tokenUrl } = options;
  return isDiscovered(tokenUrl) ? { issuer: new URL(tokenUrl.issuer) } : { tokenUrl: new URL(tokenUrl) };
}

/** What to call the configured endpoint in output: the token URL, or the issuer it is discovered from. */
export function describeEndpoint(options: ClientOptions): string {
  const { tokenUrl } = options;
  return isDiscovered(tokenUrl) ? `${safeUrl(tokenUrl.issuer)} (issuer)` : safeUrl(tokenUrl);
}
