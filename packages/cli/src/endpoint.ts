import type { ClientOptions } from "@occ/core";

/** Origin and path of a URL: safe to print (no query, no userinfo). */
export function safeUrl(url: string | URL): string {
  try {
    const parsed = new URL(url);
    return parsed.origin + parsed.pathname;
  } catch {
    return "(invalid URL)";
  }
}

/** What to call the configured endpoint in output: the token URL, or the issuer it is discovered from. */
export function endpointOf(options: ClientOptions): string {
  return options.tokenUrl !== undefined ? safeUrl(options.tokenUrl) : `${safeUrl(options.issuer!)} (issuer)`;
}
