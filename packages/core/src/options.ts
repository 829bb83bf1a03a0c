import { encodeBase64 } from "./base64.js";
import { cacheKey } from "./cache-key.js";
import { parseEndpoint } from "./endpoint.js";
import { INVALID_OPTIONS, OccError } from "./errors.js";
import { formEncode } from "./form.js";
import { redactor } from "./redact.js";
import type { AuthMethod, ClientOptions, OccEvent, TokenStore } from "./types.js";

const AUTH_METHODS: readonly AuthMethod[] = ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"];
// Parameters occ sets itself; `params` may not replace them.
const RESERVED_PARAMS = new Set([
  "grant_type",
  "client_id",
  "client_secret",
  "client_assertion",
  "client_assertion_type",
  "scope",
  "audience",
  "resource",
]);

/** Options checked, defaulted and put in the form the rest of core works with. Holds the secret: never expose it. */
export interface Config {
  tokenUrl: URL | undefined;
  issuer: URL | undefined;
  clientId: string;
  authMethod: AuthMethod;
  /** The whole `Authorization` header value for client_secret_basic. */
  basicAuthorization: string | undefined;
  clientSecret: string | undefined;
  clientAssertion: ClientOptions["clientAssertion"];
  /** Form parameters sent on every token request, besides client authentication. */
  form: readonly (readonly [string, string])[];
  requestedScope: string | undefined;
  key: string;
  /** Undefined without a shared store: the client's own memory is then the whole cache, and a private store would only copy it. */
  store: TokenStore | undefined;
  refreshSkewMs: number;
  defaultExpiresInMs: number;
  timeout: number;
  retries: number;
  fetch: typeof fetch;
  waitUntil: ((promise: Promise<unknown>) => void) | undefined;
  allowInsecureHttp: boolean;
  now: () => number;
  emit: (event: OccEvent) => void;
  redact: (text: string) => string;
}

function toList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : value.split(" ").filter((part) => part !== "");
}

function isNonNegativeNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

/** Validates every option at once and throws one {@link OccError} listing every problem. */
export function resolveOptions(options: ClientOptions): Config {
  if (typeof options !== "object" || options === null) {
    throw new OccError(INVALID_OPTIONS, "createClient needs an options object");
  }
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };

  const authMethod = options.authMethod ?? "client_secret_basic";
  const allowInsecureHttp = options.allowInsecureHttp === true;
  let tokenUrl: URL | undefined;
  let issuer: URL | undefined;
  const endpoint = (value: string | URL, name: string): URL | undefined => {
    try {
      return parseEndpoint(value, name, allowInsecureHttp);
    } catch (error) {
      // An insecure URL keeps its own code: it is a policy refusal, not a typo.
      if (error instanceof OccError && error.code !== INVALID_OPTIONS) throw error;
      problems.push((error as Error).message);
      return undefined;
    }
  };
  if (options.tokenUrl !== undefined && options.issuer !== undefined) {
    problems.push("give tokenUrl or issuer, not both");
  } else if (options.tokenUrl !== undefined) {
    tokenUrl = endpoint(options.tokenUrl, "tokenUrl");
  } else if (options.issuer !== undefined) {
    issuer = endpoint(options.issuer, "issuer");
  } else {
    problems.push("tokenUrl or issuer is required");
  }

  const { clientId, clientSecret } = options;
  check(typeof clientId === "string" && clientId !== "", "clientId must be a non-empty string");
  check(AUTH_METHODS.includes(authMethod), `authMethod must be one of ${AUTH_METHODS.join(", ")}`);
  const usesSecret = authMethod === "client_secret_basic" || authMethod === "client_secret_post";
  if (usesSecret) {
    check(typeof clientSecret === "string" && clientSecret !== "", `clientSecret is required for ${authMethod}`);
  } else if (clientSecret !== undefined) {
    problems.push(`clientSecret is not used with authMethod ${authMethod}; remove it`);
  }
  if (authMethod === "private_key_jwt") {
    check(typeof options.clientAssertion === "function", "clientAssertion is required for private_key_jwt");
  } else if (options.clientAssertion !== undefined) {
    problems.push("clientAssertion is only used with authMethod private_key_jwt");
  }

  const scope = toList(options.scope);
  check(
    scope.every((s) => typeof s === "string" && s !== "" && !/\s/.test(s)),
    "scope must be a string or an array of non-empty scope tokens without spaces",
  );
  const resource = options.resource === undefined ? [] : ([] as string[]).concat(options.resource);
  check(
    resource.every((r) => typeof r === "string" && /^[a-z][a-z0-9+.-]*:/i.test(r) && !r.includes("#")),
    "resource must be absolute URIs without a fragment (RFC 8707)",
  );
  check(options.audience === undefined || (typeof options.audience === "string" && options.audience !== ""), "audience must be a non-empty string");
  const params = Object.entries(options.params ?? {});
  for (const [name, value] of params) {
    check(!RESERVED_PARAMS.has(name), `params.${name} is set by occ; use the dedicated option`);
    check(typeof value === "string", `params.${name} must be a string`);
  }

  check(options.refreshSkew === undefined || isNonNegativeNumber(options.refreshSkew), "refreshSkew must be a number of seconds ≥ 0");
  check(
    options.defaultExpiresIn === undefined || (isNonNegativeNumber(options.defaultExpiresIn) && options.defaultExpiresIn > 0),
    "defaultExpiresIn must be a number of seconds > 0",
  );
  check(
    options.timeout === undefined || (isNonNegativeNumber(options.timeout) && options.timeout > 0),
    "timeout must be a number of milliseconds > 0",
  );
  check(
    options.retries === undefined || (Number.isInteger(options.retries) && options.retries >= 0 && options.retries <= 10),
    "retries must be an integer from 0 to 10",
  );
  for (const name of ["fetch", "waitUntil", "now", "onEvent"] as const) {
    check(options[name] === undefined || typeof options[name] === "function", `${name} must be a function`);
  }
  const store = options.store;
  check(
    store === undefined ||
      (typeof store === "object" && store !== null && typeof store.get === "function" && typeof store.set === "function" && typeof store.delete === "function"),
    "store must have get, set and delete methods",
  );

  if (problems.length > 0) {
    throw new OccError(INVALID_OPTIONS, `Invalid occ client options:\n- ${problems.join("\n- ")}`);
  }

  const form: [string, string][] = [["grant_type", "client_credentials"]];
  if (scope.length > 0) form.push(["scope", scope.join(" ")]);
  if (options.audience !== undefined) form.push(["audience", options.audience]);
  for (const r of resource) form.push(["resource", r]);
  for (const [name, value] of params) form.push([name, value]);

  const basicAuthorization =
    authMethod === "client_secret_basic"
      ? "Basic " + encodeBase64(new TextEncoder().encode(`${formEncode(clientId)}:${formEncode(clientSecret!)}`))
      : undefined;
  const onEvent = options.onEvent;
  const fetchImpl = options.fetch;

  return {
    tokenUrl,
    issuer,
    clientId,
    authMethod,
    basicAuthorization,
    clientSecret: usesSecret ? clientSecret : undefined,
    clientAssertion: options.clientAssertion,
    form,
    requestedScope: scope.length > 0 ? scope.join(" ") : undefined,
    key: cacheKey({
      endpoint: (tokenUrl ?? issuer)!.href,
      clientId,
      authMethod,
      scope,
      audience: options.audience,
      resource,
      params,
    }),
    store,
    refreshSkewMs: (options.refreshSkew ?? 60) * 1000,
    defaultExpiresInMs: (options.defaultExpiresIn ?? 300) * 1000,
    timeout: options.timeout ?? 10_000,
    retries: options.retries ?? 2,
    // Looked up per call, so a fetch patched after createClient (tests, instrumentation) is honoured.
    fetch: fetchImpl ?? ((input, init) => fetch(input, init)),
    waitUntil: options.waitUntil,
    allowInsecureHttp,
    now: options.now ?? Date.now,
    emit: onEvent
      ? (event) => {
          try {
            onEvent(event);
          } catch {
            // A faulty listener must not break token delivery.
          }
        }
      : () => {},
    redact: usesSecret
      ? redactor([clientSecret!, formEncode(clientSecret!), encodeURIComponent(clientSecret!), basicAuthorization?.slice(6) ?? ""])
      : (text) => text,
  };
}
