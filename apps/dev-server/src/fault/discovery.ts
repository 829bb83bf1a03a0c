import { json } from "./http.ts";
import type { FaultRequest, ScenarioHandler } from "./http.ts";

/** Another origin for the same server: a client that follows a redirect there would leave the issuer's origin. */
const OTHER_HOST = "localhost";

/** The issuer a client was configured with: `<origin>/<scenario>/<id>`. */
function issuer(r: FaultRequest): string {
  return `${r.origin}/${r.scenario}/${r.id.split("/").map(encodeURIComponent).join("/")}`;
}

/** Authorization server metadata for this issuer; its token endpoint is `<origin>/ok/<id>` on this server. */
function metadata(r: FaultRequest): void {
  json(r.res, 200, {
    issuer: issuer(r),
    token_endpoint: `${r.origin}/ok/${r.id.split("/").map(encodeURIComponent).join("/")}`,
    grant_types_supported: ["client_credentials"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
  });
}

function notMetadata(r: FaultRequest): void {
  json(r.res, 404, { error: "not_found", hint: "ask for /.well-known/openid-configuration or oauth-authorization-server" });
}

/** The request's own path with a `/` added, as django-oauth-toolkit 1.7 redirects its metadata URLs. */
function withTrailingSlash(r: FaultRequest): string {
  const url = new URL(r.req.url ?? "/", r.origin);
  return `${r.origin}${url.pathname}/${url.search}`;
}

/**
 * Discovery where the metadata is not at the URL the client asked for. For issuer `<url>/<scenario>/<id>` both the
 * RFC 8414 URL (`/.well-known/oauth-authorization-server/<scenario>/<id>`) and the OpenID one
 * (`/<scenario>/<id>/.well-known/openid-configuration`) work.
 */
export const discoveryScenarios = {
  // 301 to the same URL with a trailing slash, where the metadata is.
  "discovery-trailing-slash": (r) => {
    if (r.wellKnown === undefined) return notMetadata(r);
    if (!r.trailingSlash) return json(r.res, 301, { moved: true }, { location: withTrailingSlash(r) });
    metadata(r);
  },
  // 301 to the same path on http://localhost:<port>, which serves the metadata: a client must not follow it.
  "discovery-cross-origin": (r) => {
    if (r.wellKnown === undefined) return notMetadata(r);
    const host = r.req.headers.host ?? "";
    if (host.startsWith(`${OTHER_HOST}:`)) return metadata(r);
    const location = new URL(r.req.url ?? "/", r.origin);
    location.hostname = OTHER_HOST;
    json(r.res, 301, { moved: true }, { location: location.href });
  },
} satisfies Record<string, ScenarioHandler>;
