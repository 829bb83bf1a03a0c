import type { AuthMethod } from "../credentials.js";
import type { ClientOptions } from "../types.js";
import { clientAssertion, JWT_BEARER } from "./client-assertion.js";
import type { ClientAuth } from "./client-auth.js";
import { clientIdOnly } from "./client-id.js";
import { clientSecret } from "./client-secret.js";

/** Every method occ implements, by name (RFC 8414 `token_endpoint_auth_methods_supported` values). */
export const AUTH_METHODS: readonly AuthMethod[] = [
  "client_secret_basic",
  "client_secret_post",
  "client_secret_jwt",
  "private_key_jwt",
  "tls_client_auth",
  "self_signed_tls_client_auth",
  "none",
];

const isText = (value: unknown): value is string => typeof value === "string" && value !== "";

/**
 * The client-authentication strategy for the options, or undefined after adding what is wrong to `problems`.
 * Each method checks only what it uses, and refuses credentials it would silently ignore.
 */
export function selectClientAuth(options: ClientOptions, problems: string[]): ClientAuth | undefined {
  const { clientId, clientSecret: secret, clientAssertion: sign, authMethod } = options;
  const method = authMethod ?? (sign !== undefined ? "private_key_jwt" : secret !== undefined ? undefined : "client_secret_basic");
  const problem = (text: string): undefined => {
    problems.push(text);
    return undefined;
  };
  if (method !== undefined && !AUTH_METHODS.includes(method)) {
    return problem(`authMethod ${JSON.stringify(String(method)).slice(0, 60)} is not one of ${AUTH_METHODS.join(", ")}`);
  }
  const usesSecret = method === undefined || method === "client_secret_basic" || method === "client_secret_post";
  const usesAssertion = method === "private_key_jwt" || method === "client_secret_jwt";
  if (!usesSecret && secret !== undefined) problem(`clientSecret is not used with authMethod ${method}; remove it`);
  if (!usesAssertion && sign !== undefined) problem(`clientAssertion is only used with private_key_jwt and client_secret_jwt`);
  // Checked without returning, so that the credentials' problems are listed in the same error.
  if (!isText(clientId)) problem("clientId must be a non-empty string");
  if (usesSecret) {
    const secrets = typeof secret === "string" ? [secret] : secret;
    if (!Array.isArray(secrets) || secrets.length === 0 || !secrets.every(isText)) {
      return problem(`clientSecret (a non-empty string, or a list of them newest first) is required for ${method ?? "client_secret_basic"}`);
    }
    return problems.length > 0 ? undefined : clientSecret(clientId, secrets, method as "client_secret_basic" | "client_secret_post" | undefined);
  }
  if (usesAssertion) {
    if (typeof sign !== "function") return problem(`clientAssertion (e.g. privateKeyJwt(key) from @occ/keys) is required for ${method}`);
    const type = options.clientAssertionType ?? JWT_BEARER;
    if (!isText(type)) return problem("clientAssertionType must be a non-empty string");
    return problems.length > 0 ? undefined : clientAssertion(clientId, sign, method, type);
  }
  const certificate = (options.fetch as { credentialId?: unknown } | undefined)?.credentialId;
  return problems.length > 0
    ? undefined
    : clientIdOnly(clientId, method as "none" | "tls_client_auth" | "self_signed_tls_client_auth", typeof certificate === "string" ? certificate : "");
}
