import type { ClientAuth } from "./auth/client-auth.js";
import { selectClientAuth } from "./auth/select.js";
import { INVALID_OPTIONS, OccError } from "./errors.js";
import type { OccEvent } from "./events.js";
import { parseEndpoint } from "./source/endpoint.js";
import type { SharedStore } from "./shared/define-store.js";
import { SHARE } from "./shared/share-symbol.js";
import type { SenderConstraint } from "./credentials.js";
import type { DiscoveredEndpoint } from "./discovered-endpoint.js";
import type { ClientOptions } from "./types.js";
import { cacheKey } from "./util/cache-key.js";

// Parameters occ sets itself; `params` may not replace them.
const RESERVED_PARAMS = /^(grant_type|client_id|client_secret|client_assertion|client_assertion_type|scope|audience|resource)$/;

/** Options checked and put in the form the rest of core works with. The secret stays inside `auth`. */
export interface ResolvedOptions {
  endpoint: URL | DiscoveredEndpoint;
  clientId: string;
  auth: ClientAuth;
  dpop: SenderConstraint | undefined;
  /** Form parameters of every token request besides client authentication. */
  form: [string, string][];
  requestedScope: string | undefined;
  key: string;
  store: SharedStore | undefined;
  refreshSkewMs: number;
  defaultExpiresInMs: number;
  timeout: number;
  retries: number;
  /** For token requests and `client.fetch`; DPoP-wrapped when `dpop` is set. */
  fetch: typeof fetch;
  waitUntil: ((promise: Promise<unknown>) => void) | undefined;
  allowInsecureHttp: boolean;
  now: () => number;
  emit: (event: OccEvent) => void;
}

const toList = (value: unknown): unknown[] =>
  value === undefined ? [] : typeof value === "string" ? value.split(" ").filter((part) => part !== "") : Array.isArray(value) ? value : [value];
const isText = (value: unknown): value is string => typeof value === "string" && value !== "";
const isDiscovered = (value: unknown): value is DiscoveredEndpoint =>
  typeof (value as DiscoveredEndpoint | undefined)?.resolve === "function" && isText((value as DiscoveredEndpoint).issuer);
// Durations: [option, unit, least, most]. setTimeout fires at once for delays of 2^31 ms or more.
const DURATIONS = [
  ["refreshSkew", "seconds", 0, 86_400],
  ["defaultExpiresIn", "seconds", 1, 86_400],
  ["timeout", "milliseconds", 1, 2 ** 31 - 1],
  ["retries", "retries", 0, 10],
] as const;

/** The token endpoint: a URL checked as an endpoint, or a discovered one. */
function endpointOf(options: ClientOptions, problems: string[]): URL | DiscoveredEndpoint | undefined {
  if (isDiscovered(options.tokenUrl)) return options.tokenUrl;
  if (options.tokenUrl === undefined) return void problems.push("tokenUrl is required: the token endpoint's URL, or discover(issuer)");
  try {
    return parseEndpoint(options.tokenUrl as string | URL, "tokenUrl", options.allowInsecureHttp === true);
  } catch (error) {
    // An insecure URL keeps its own code: it is a policy refusal, not a typo.
    if ((error as OccError).code !== INVALID_OPTIONS) throw error;
    problems.push((error as Error).message);
  }
}

/** What the token request asks for: scope, audience, resource indicators and extra parameters. */
function requestParameters(options: ClientOptions, check: (ok: boolean, problem: string) => void) {
  const scope = toList(options.scope) as string[];
  check(scope.every((s) => isText(s) && !/\s/.test(s)), "scope must be a string or an array of non-empty scope tokens without spaces");
  check(options.audience === undefined || isText(options.audience), "audience must be a non-empty string");
  const resource = toList(options.resource) as string[];
  check(
    resource.every((r) => typeof r === "string" && /^[a-z][a-z0-9+.-]*:/i.test(r) && !r.includes("#")),
    "resource must be absolute URIs without a fragment (RFC 8707)",
  );
  const params = Object.entries(options.params ?? {});
  for (const [name, value] of params) {
    check(!RESERVED_PARAMS.test(name), `params.${name} is set by occ; use the dedicated option`);
    check(typeof value === "string", `params.${name} must be a string`);
  }
  return { scope, audience: options.audience, resource, params };
}

/** How the client behaves: the DPoP key, the store, durations and hooks. */
function checkSettings(options: ClientOptions, check: (ok: boolean, problem: string) => void): void {
  const { dpop, store } = options;
  check(
    dpop === undefined || (isText(dpop.thumbprint) && typeof dpop.wrapFetch === "function" && Array.isArray(dpop.tokenTypes)),
    "dpop must be a DPoP key from dpopKey() in @occ/keys",
  );
  check(store === undefined || typeof store?.[SHARE] === "function", "store must come from defineStore() or a store factory such as memoryStore()");
  for (const [name, unit, least, most] of DURATIONS) {
    const value = options[name];
    check(
      value === undefined || (typeof value === "number" && value >= least && value <= most && (name !== "retries" || Number.isInteger(value))),
      `${name} must be a number of ${unit} from ${least} to ${most}`,
    );
  }
  for (const name of ["fetch", "waitUntil", "now", "onEvent"] as const) {
    check(options[name] === undefined || typeof options[name] === "function", `${name} must be a function`);
  }
}

/**
 * Validates every option in a fixed order — endpoint, credentials, request parameters, settings — and throws one
 * {@link OccError} listing every problem.
 */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null) throw new OccError(INVALID_OPTIONS, "createClient needs an options object");
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => void (ok || problems.push(problem));
  const endpoint = endpointOf(options, problems);
  const auth = selectClientAuth(options, problems);
  const request = requestParameters(options, check);
  checkSettings(options, check);
  if (problems.length > 0) throw new OccError(INVALID_OPTIONS, `Invalid occ client options:\n- ${problems.join("\n- ")}`);

  const { scope, audience, resource, params } = request;
  const form: [string, string][] = [["grant_type", "client_credentials"]];
  if (scope.length > 0) form.push(["scope", scope.join(" ")]);
  if (audience !== undefined) form.push(["audience", audience]);
  for (const r of resource) form.push(["resource", r]);
  form.push(...params);
  const { clientId, dpop, onEvent } = options;
  const baseFetch = options.fetch ?? ((input, init) => fetch(input, init));
  return {
    endpoint: endpoint!,
    clientId,
    auth: auth!,
    dpop,
    form,
    requestedScope: scope.length > 0 ? scope.join(" ") : undefined,
    key: cacheKey({ ...request, endpoint: endpoint instanceof URL ? endpoint.href : endpoint!.issuer, clientId, credential: auth!.credentialId, jkt: dpop?.thumbprint }),
    store: options.store,
    refreshSkewMs: (options.refreshSkew ?? 60) * 1000,
    defaultExpiresInMs: (options.defaultExpiresIn ?? 300) * 1000,
    timeout: options.timeout ?? 10_000,
    retries: options.retries ?? 2,
    // The global is looked up per call, so a fetch patched after createClient (tests, instrumentation) is honoured.
    fetch: dpop ? dpop.wrapFetch(baseFetch) : baseFetch,
    waitUntil: options.waitUntil,
    allowInsecureHttp: options.allowInsecureHttp === true,
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
  };
}
