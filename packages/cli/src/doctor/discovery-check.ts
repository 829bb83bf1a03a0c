import { safeUrl } from "../endpoint.js";
import type { CliAuthMethod } from "../config.js";
import { type CheckResult, result } from "./check.js";
import { jsonObject } from "../json-object.js";
import { exchange } from "./http.js";
import { isLoopback, metadataUrls } from "@occ/core/diagnostics";

const withoutSlash = (value: string) => value.replace(/\/$/, "");

/** What discovery found: the check, and the token endpoint when there is one to go on with. */
export interface Discovery {
  check: CheckResult;
  tokenUrl?: URL;
}

/**
 * Fetches the issuer's metadata as core does and checks what core relies on: the `issuer` matches, the
 * `token_endpoint` is usable; then what the server advertises: the auth method in use, the grant.
 */
export async function checkDiscovery(issuer: URL, authMethod: CliAuthMethod): Promise<Discovery> {
  const tried: string[] = [];
  for (const url of metadataUrls(issuer)) {
    const answer = await exchange(url, { headers: { accept: "application/json" } });
    if ("reason" in answer) return { check: result("discovery", "fail", `${safeUrl(url)}: no answer (${answer.reason})`, "Check OAUTH_ISSUER and the network.", true) };
    const metadata = answer.status === 200 ? jsonObject(answer.text) : undefined;
    if (metadata === undefined) {
      tried.push(`${safeUrl(url)} answered ${answer.status}${answer.status === 200 ? " without a JSON object" : ""}`);
      continue;
    }
    return judgeMetadata(metadata, url, issuer, authMethod);
  }
  return {
    check: result(
      "discovery",
      "fail",
      `no metadata for ${safeUrl(issuer)}: ${tried.join("; ")}`,
      "OAUTH_ISSUER must be the issuer identifier (the metadata's issuer), not the token endpoint; or set OAUTH_TOKEN_URL instead.",
    ),
  };
}

function judgeMetadata(metadata: Record<string, unknown>, url: URL, issuer: URL, authMethod: CliAuthMethod): Discovery {
  const where = safeUrl(url);
  if (typeof metadata.issuer !== "string" || withoutSlash(metadata.issuer) !== withoutSlash(issuer.href)) {
    return {
      check: result(
        "discovery",
        "fail",
        `${where} names the issuer ${JSON.stringify(metadata.issuer)}, not ${JSON.stringify(issuer.href)}; occ refuses metadata for another issuer`,
        `Set OAUTH_ISSUER to exactly ${typeof metadata.issuer === "string" ? metadata.issuer : "the issuer the server names"} (scheme, host, path, trailing slash).`,
      ),
    };
  }
  let tokenUrl: URL;
  try {
    tokenUrl = new URL(String(metadata.token_endpoint));
  } catch {
    return { check: result("discovery", "fail", `${where} has no usable token_endpoint`, "The server's metadata is incomplete: set OAUTH_TOKEN_URL instead.") };
  }
  if (tokenUrl.protocol !== "https:" && !isLoopback(tokenUrl)) {
    return { check: result("discovery", "fail", `${where} names an http: token endpoint ${safeUrl(tokenUrl)}`, "The token endpoint must use https:.") };
  }
  const methods = Array.isArray(metadata.token_endpoint_auth_methods_supported) ? metadata.token_endpoint_auth_methods_supported.map(String) : undefined;
  const grants = Array.isArray(metadata.grant_types_supported) ? metadata.grant_types_supported.map(String) : undefined;
  const summary = [
    `metadata at ${where}, issuer matches, token endpoint ${safeUrl(tokenUrl)}`,
    `auth methods ${methods === undefined ? "not listed (client_secret_basic by default, RFC 8414)" : methods.join(", ")}`,
  ].join("; ");
  // RFC 8414 §2: an absent list means client_secret_basic only.
  if (!(methods ?? ["client_secret_basic"]).includes(authMethod)) {
    const other = (methods ?? []).find((m) => m === "client_secret_post" || m === "client_secret_basic");
    return { tokenUrl, check: result("discovery", "warn", `${summary} — not ${authMethod}, which you use`, other ? `Use ${other}: OAUTH_AUTH_METHOD=${other}.` : "The server may not accept how occ authenticates this client.") };
  }
  if (grants !== undefined && !grants.includes("client_credentials")) {
    return { tokenUrl, check: result("discovery", "warn", `${summary}; grant_types_supported does not list client_credentials`, "The server may not offer the client_credentials grant.") };
  }
  return { tokenUrl, check: result("discovery", "ok", summary) };
}
