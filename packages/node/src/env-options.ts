import { type AuthMethod, type ClientOptions, INVALID_OPTIONS, OccError } from "@occ/core";

/** Environment variables, as in `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Options for {@link createClient}: core's options, each falling back to an `OAUTH_*` environment variable. */
export interface NodeClientOptions extends Omit<ClientOptions, "clientId"> {
  /** The client identifier. Default: `OAUTH_CLIENT_ID`. */
  clientId?: string;
  /** Where the `OAUTH_*` fallbacks are read. Default: `process.env`. */
  env?: Environment;
}

const AUTH_METHODS: readonly AuthMethod[] = ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"];

// An empty variable is treated as unset: `FOO=` in a .env file or compose file means "no value", not "empty secret".
function read(env: Environment, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === "" ? undefined : value;
}

function words(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(/\s+/).filter(Boolean);
}

/**
 * Fills every option the caller left out from the `OAUTH_*` variables, then checks that the result names an
 * endpoint and a credential. All problems are reported in one error, by variable name only: values may be secrets.
 */
export function resolveOptions(options: NodeClientOptions, env: Environment): ClientOptions {
  const { env: _env, ...explicit } = options;
  const problems: string[] = [];
  const missing: string[] = [];

  let authMethod = explicit.authMethod;
  if (authMethod === undefined) {
    const fromEnv = read(env, "OAUTH_AUTH_METHOD");
    if (fromEnv !== undefined) {
      if ((AUTH_METHODS as readonly string[]).includes(fromEnv.trim())) authMethod = fromEnv.trim() as AuthMethod;
      else problems.push(`OAUTH_AUTH_METHOD must be one of ${AUTH_METHODS.join(", ")}`);
    }
  }

  // tokenUrl and issuer are one setting: an explicit value for either hides both variables.
  let endpoint: Pick<ClientOptions, "tokenUrl" | "issuer"> = {};
  if (explicit.tokenUrl === undefined && explicit.issuer === undefined) {
    const tokenUrl = read(env, "OAUTH_TOKEN_URL")?.trim();
    const issuer = read(env, "OAUTH_ISSUER")?.trim();
    if (tokenUrl !== undefined && issuer !== undefined) problems.push("set only one of OAUTH_TOKEN_URL and OAUTH_ISSUER");
    else if (tokenUrl !== undefined) endpoint = { tokenUrl };
    else if (issuer !== undefined) endpoint = { issuer };
    else missing.push("OAUTH_TOKEN_URL (or OAUTH_ISSUER)");
  }

  const clientId = explicit.clientId ?? read(env, "OAUTH_CLIENT_ID")?.trim();
  if (clientId === undefined) missing.push("OAUTH_CLIENT_ID");

  // private_key_jwt signs with clientAssertion and "none" sends no credential: only the secret methods need one.
  const method = authMethod ?? "client_secret_basic";
  const needsSecret = method === "client_secret_basic" || method === "client_secret_post";
  const clientSecret = explicit.clientSecret ?? (needsSecret ? read(env, "OAUTH_CLIENT_SECRET") : undefined);
  if (needsSecret && clientSecret === undefined) missing.push("OAUTH_CLIENT_SECRET");

  if (missing.length > 0) problems.unshift(`missing ${missing.join(", ")}`);
  if (problems.length > 0 || clientId === undefined) {
    throw new OccError(
      INVALID_OPTIONS,
      `@occ/node createClient: ${problems.join("; ")}. Set the environment variables or pass the matching options.`,
    );
  }

  const resolved: ClientOptions = { ...explicit, ...endpoint, clientId };
  if (clientSecret !== undefined) resolved.clientSecret = clientSecret;
  if (authMethod !== undefined) resolved.authMethod = authMethod;
  if (resolved.scope === undefined) {
    const scope = words(read(env, "OAUTH_SCOPE"));
    if (scope !== undefined) resolved.scope = scope;
  }
  if (resolved.audience === undefined) {
    const audience = read(env, "OAUTH_AUDIENCE")?.trim();
    if (audience !== undefined) resolved.audience = audience;
  }
  if (resolved.resource === undefined) {
    const resource = words(read(env, "OAUTH_RESOURCE"));
    if (resource !== undefined) resolved.resource = resource;
  }
  return resolved;
}
