import { INVALID_OPTIONS, OccError, type AuthMethod, type ClientOptions } from "@occ/core";
import type { KVNamespaceLike } from "./platform-types.js";

/** Options for {@link createClient}: every core option, each one winning over its environment variable. */
export interface CloudflareClientOptions extends Partial<Omit<ClientOptions, "waitUntil">> {
  /**
   * The KV namespace binding that shares tokens across isolates. Default `"OAUTH_TOKENS"`; when that default
   * binding is absent the client caches in memory only. A binding named here must exist. Ignored when
   * `store` is given.
   */
  binding?: string;
}

/** The core options and the KV namespace resolved from a Worker's `env` and explicit options. */
export interface ResolvedOptions {
  clientOptions: Omit<ClientOptions, "waitUntil">;
  /** Whose binding `kv` came from, so a client can find the same binding in a later request's `env`. */
  binding: string;
  kv: KVNamespaceLike | undefined;
}

const DEFAULT_BINDING = "OAUTH_TOKENS";
const AUTH_METHODS: readonly AuthMethod[] = ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"];

/**
 * Merges the Worker's `env` with explicit options. Every problem is collected into one error, so a
 * misconfigured deployment is fixed in one round trip; messages name variables, never their values.
 */
export function resolveOptions(env: object, options: CloudflareClientOptions): ResolvedOptions {
  const vars = env as Record<string, unknown>;
  const missing: string[] = [];
  const invalid: string[] = [];

  const read = (name: string): string | undefined => {
    const value = vars[name];
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value === "string") return value;
    invalid.push(`${name} must be a string`);
    return undefined;
  };

  const { binding: explicitBinding, ...core } = options;
  const resolved: Omit<ClientOptions, "waitUntil"> = { ...core, clientId: core.clientId ?? "" };

  if (core.tokenUrl === undefined && core.issuer === undefined) {
    const tokenUrl = read("OAUTH_TOKEN_URL");
    const issuer = read("OAUTH_ISSUER");
    if (tokenUrl !== undefined && issuer !== undefined) invalid.push("set OAUTH_TOKEN_URL or OAUTH_ISSUER, not both");
    else if (tokenUrl !== undefined) resolved.tokenUrl = tokenUrl;
    else if (issuer !== undefined) resolved.issuer = issuer;
    else missing.push("OAUTH_TOKEN_URL (or OAUTH_ISSUER)");
  }

  if (core.clientId === undefined) {
    const clientId = read("OAUTH_CLIENT_ID");
    if (clientId === undefined) missing.push("OAUTH_CLIENT_ID");
    else resolved.clientId = clientId;
  }

  if (core.authMethod === undefined) {
    const authMethod = read("OAUTH_AUTH_METHOD");
    if (authMethod !== undefined) {
      if ((AUTH_METHODS as readonly string[]).includes(authMethod)) resolved.authMethod = authMethod as AuthMethod;
      else invalid.push(`OAUTH_AUTH_METHOD must be one of ${AUTH_METHODS.join(", ")}`);
    }
  }

  const method = resolved.authMethod ?? "client_secret_basic";
  if (core.clientSecret === undefined && (method === "client_secret_basic" || method === "client_secret_post")) {
    const clientSecret = read("OAUTH_CLIENT_SECRET");
    if (clientSecret === undefined) missing.push("OAUTH_CLIENT_SECRET");
    else resolved.clientSecret = clientSecret;
  }

  if (core.scope === undefined) {
    const scope = read("OAUTH_SCOPE");
    if (scope !== undefined) resolved.scope = scope;
  }
  if (core.audience === undefined) {
    const audience = read("OAUTH_AUDIENCE");
    if (audience !== undefined) resolved.audience = audience;
  }
  if (core.resource === undefined) {
    // Resource indicators are absolute URIs, which cannot contain spaces: a space-separated list is unambiguous.
    const resource = read("OAUTH_RESOURCE")?.split(/\s+/).filter((uri) => uri !== "");
    if (resource !== undefined && resource.length > 0) resolved.resource = resource.length === 1 ? resource[0] : resource;
  }

  const binding = explicitBinding ?? DEFAULT_BINDING;
  let kv: KVNamespaceLike | undefined;
  if (core.store === undefined) {
    const candidate = vars[binding];
    if (isKvNamespace(candidate)) kv = candidate;
    else if (candidate !== undefined) invalid.push(`binding ${binding} is not a KV namespace`);
    else if (explicitBinding !== undefined) missing.push(`${binding} (KV namespace binding)`);
  }

  if (missing.length > 0 || invalid.length > 0) {
    const problems = [
      ...(missing.length > 0 ? [`missing ${missing.join(", ")}`] : []),
      ...invalid,
    ];
    throw new OccError(
      INVALID_OPTIONS,
      `@occ/cloudflare createClient: ${problems.join("; ")}. Set secrets with \`wrangler secret put <NAME>\` ` +
        "and other values under [vars] in wrangler.toml, or pass them as options.",
    );
  }
  return { clientOptions: resolved, binding, kv };
}

function isKvNamespace(value: unknown): value is KVNamespaceLike {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.get === "function" && typeof candidate.put === "function" && typeof candidate.delete === "function";
}
