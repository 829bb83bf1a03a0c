import { INSECURE_URL, INVALID_OPTIONS, OccError } from "../errors.js";

const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** Loopback hosts may use plain http: traffic to them never leaves the machine. */
export function isLoopback(url: URL): boolean {
  const host = url.hostname;
  return host === "localhost" || host === "[::1]" || IPV4_LOOPBACK.test(host);
}

/** Origin and path only: safe to put in an error message (no query, no userinfo). */
export function describeUrl(url: string | URL): string {
  try {
    const parsed = new URL(url);
    return parsed.origin + parsed.pathname;
  } catch {
    return "(invalid URL)";
  }
}

/** Parses an endpoint option and enforces https outside loopback (RFC 6749 §3.2, §10.9). */
export function parseEndpoint(value: string | URL, name: string, allowInsecureHttp: boolean): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OccError(INVALID_OPTIONS, `${name} is not a valid absolute URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new OccError(INVALID_OPTIONS, `${name} must be an https: URL, got ${url.protocol}`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new OccError(INVALID_OPTIONS, `${name} must not contain credentials; use clientId and clientSecret`);
  }
  if (url.hash !== "") throw new OccError(INVALID_OPTIONS, `${name} must not contain a fragment`);
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopback(url)) {
    throw new OccError(
      INSECURE_URL,
      `${name} ${describeUrl(url)} uses http: on a non-loopback host; use https:, or set allowInsecureHttp for a network you trust`,
    );
  }
  return url;
}
