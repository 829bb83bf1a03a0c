/**
 * The public API's types, checked by `tsc` through vitest's typecheck mode. A change here is a change users see
 * in their editor and their build, so it must be deliberate: a failing case is a breaking change to review.
 */
import { describe, expectTypeOf, test } from "vitest";
import {
  ABORTED,
  type AccessToken,
  type AuthMethod,
  CLIENT_ASSERTION_FAILED,
  type Client,
  type ClientOptions,
  createClient,
  defineStore,
  discover,
  type DiscoveredEndpoint,
  DISCOVERY_FAILED,
  type GetTokenOptions,
  INSECURE_URL,
  INVALID_JSON,
  INVALID_KEY,
  INVALID_OPTIONS,
  INVALID_TOKEN_RESPONSE,
  memoryStore,
  type MemoryStoreOptions,
  NETWORK_ERROR,
  OAUTH_ERROR,
  OAuthError,
  OccError,
  type OccErrorCode,
  type OccEvent,
  RESPONSE_TOO_LARGE,
  type SenderConstraint,
  type SharedStore,
  STORE_ERROR,
  type StoredToken,
  type StoredValue,
  THROTTLED,
  TIMEOUT,
  type TokenStore,
  UNEXPECTED_CONTENT_TYPE,
  UNEXPECTED_REDIRECT,
  UNEXPECTED_STATUS,
} from "../src/index.js";

describe("createClient options", () => {
  test("takes ClientOptions and returns a Client", () => {
    expectTypeOf(createClient).parameters.toEqualTypeOf<[ClientOptions]>();
    expectTypeOf(createClient).returns.toEqualTypeOf<Client>();
  });

  test("takes a token URL as a string or a URL, or an endpoint discovered from an issuer", () => {
    expectTypeOf({ tokenUrl: "https://as.example/token", clientId: "c", clientSecret: "s" }).toExtend<ClientOptions>();
    expectTypeOf({ tokenUrl: new URL("https://as.example/token"), clientId: "c" }).toExtend<ClientOptions>();
    expectTypeOf({ tokenUrl: discover("https://as.example"), clientId: "c", clientSecret: "s" }).toExtend<ClientOptions>();
    expectTypeOf(discover).parameters.toEqualTypeOf<[issuer: string | URL]>();
    expectTypeOf<ClientOptions["tokenUrl"]>().toEqualTypeOf<string | URL | DiscoveredEndpoint>();
    expectTypeOf({ clientId: "c", clientSecret: "s" }).not.toExtend<ClientOptions>();
  });

  test("requires a client id", () => {
    expectTypeOf({ tokenUrl: "https://as.example/token" }).not.toExtend<ClientOptions>();
    expectTypeOf<ClientOptions["clientId"]>().toEqualTypeOf<string>();
  });

  test("authMethod is a closed union", () => {
    expectTypeOf<AuthMethod>().toEqualTypeOf<
      | "client_secret_basic"
      | "client_secret_post"
      | "client_secret_jwt"
      | "private_key_jwt"
      | "tls_client_auth"
      | "self_signed_tls_client_auth"
      | "none"
    >();
    expectTypeOf<ClientOptions["authMethod"]>().toEqualTypeOf<AuthMethod | undefined>();
    // @ts-expect-error a method occ does not implement
    createClient({ tokenUrl: "https://as.example/token", clientId: "c", authMethod: "client_secret_magic" });
  });

  test("scope and resource take a string or a list", () => {
    expectTypeOf<ClientOptions["scope"]>().toEqualTypeOf<string | readonly string[] | undefined>();
    expectTypeOf<ClientOptions["resource"]>().toEqualTypeOf<string | readonly string[] | undefined>();
    expectTypeOf<ClientOptions["clientSecret"]>().toEqualTypeOf<string | readonly string[] | undefined>();
    expectTypeOf({ tokenUrl: "https://as.example/token", clientId: "c", scope: ["a", "b"] }).toExtend<ClientOptions>();
    // @ts-expect-error a scope is text
    createClient({ tokenUrl: "https://as.example/token", clientId: "c", scope: 42 });
  });

  test("callbacks have the shapes edge runtimes and signers provide", () => {
    expectTypeOf<NonNullable<ClientOptions["waitUntil"]>>().toEqualTypeOf<(promise: Promise<unknown>) => void>();
    expectTypeOf<NonNullable<ClientOptions["clientAssertion"]>>().returns.toEqualTypeOf<string | Promise<string>>();
    expectTypeOf<NonNullable<ClientOptions["clientAssertion"]>>()
      .parameter(0)
      .toEqualTypeOf<{ tokenUrl: string; clientId: string; issuer?: string; signal?: AbortSignal }>();
    expectTypeOf({ tokenUrl: "https://as.example/token", clientId: "c", clientAssertion: () => "jwt" }).toExtend<ClientOptions>();
    expectTypeOf<NonNullable<ClientOptions["onEvent"]>>().parameter(0).toEqualTypeOf<OccEvent>();
    expectTypeOf<NonNullable<ClientOptions["fetch"]>>().toEqualTypeOf<typeof fetch>();
    expectTypeOf<NonNullable<ClientOptions["store"]>>().toEqualTypeOf<SharedStore>();
    expectTypeOf<NonNullable<ClientOptions["dpop"]>>().toEqualTypeOf<SenderConstraint>();
    expectTypeOf<NonNullable<ClientOptions["params"]>>().toEqualTypeOf<Readonly<Record<string, string>>>();
  });
});

describe("Client", () => {
  test("getToken resolves to an AccessToken", () => {
    expectTypeOf<Client["getToken"]>().parameters.toEqualTypeOf<[options?: GetTokenOptions]>();
    expectTypeOf<Client["getToken"]>().returns.toEqualTypeOf<Promise<AccessToken>>();
    expectTypeOf<GetTokenOptions>().toEqualTypeOf<{ forceRefresh?: boolean; signal?: AbortSignal }>();
  });

  test("fetch has the signature of the global fetch", () => {
    expectTypeOf<Client["fetch"]>().parameters.toEqualTypeOf<[input: RequestInfo | URL, init?: RequestInit]>();
    expectTypeOf<Client["fetch"]>().returns.toEqualTypeOf<Promise<Response>>();
  });

  test("invalidate resolves to nothing", () => {
    expectTypeOf<Client["invalidate"]>().parameters.toEqualTypeOf<[]>();
    expectTypeOf<Client["invalidate"]>().returns.toEqualTypeOf<Promise<void>>();
  });
});

describe("tokens", () => {
  test("AccessToken is plain data", () => {
    expectTypeOf<AccessToken>().toEqualTypeOf<{
      accessToken: string;
      tokenType: string;
      expiresAt: number;
      scope?: string;
    }>();
  });

  test("StoredToken adds when it was issued and the DPoP key it is bound to", () => {
    expectTypeOf<StoredToken>().toEqualTypeOf<{
      accessToken: string;
      tokenType: string;
      expiresAt: number;
      scope?: string;
      issuedAt: number;
      jkt?: string;
    }>();
    expectTypeOf<StoredToken>().toExtend<AccessToken>();
  });
});

describe("TokenStore", () => {
  test("a synchronous implementation is a TokenStore", () => {
    const map = new Map<string, StoredToken>();
    const store = {
      get: (key: string) => map.get(key),
      set: (key: string, value: StoredToken, _ttlSeconds: number) => void map.set(key, value),
      delete: (key: string) => void map.delete(key),
    };
    expectTypeOf(store).toExtend<TokenStore>();
  });

  test("an asynchronous implementation is a TokenStore", () => {
    const store = {
      async get(_key: string): Promise<StoredToken | undefined> {
        return undefined;
      },
      async set(_key: string, _value: StoredToken, _ttlSeconds: number): Promise<void> {},
      async delete(_key: string): Promise<void> {},
    };
    expectTypeOf(store).toExtend<TokenStore>();
  });

  test("a store must hand back stored values, not strings", () => {
    const store = { get: (_key: string) => "token", set() {}, delete() {} };
    expectTypeOf(store).not.toExtend<TokenStore>();
  });

  test("a client takes a store made by defineStore or a store factory, not a bare object", () => {
    const map = new Map<string, StoredValue>();
    const bare = { get: (key: string) => map.get(key), set: (key: string, value: StoredValue) => void map.set(key, value), delete: (key: string) => void map.delete(key) };
    expectTypeOf(defineStore(bare)).toEqualTypeOf<typeof bare & SharedStore>();
    expectTypeOf(defineStore(bare)).toExtend<TokenStore>();
    // @ts-expect-error a bare object lacks what clients share tokens with
    createClient({ tokenUrl: "https://as.example/token", clientId: "c", clientSecret: "s", store: bare });
  });

  test("memoryStore returns a SharedStore", () => {
    expectTypeOf(memoryStore).parameters.toEqualTypeOf<[options?: MemoryStoreOptions]>();
    expectTypeOf(memoryStore).returns.toEqualTypeOf<SharedStore & Required<TokenStore>>();
  });
});

describe("errors", () => {
  test("OccError carries a code and maybe a status", () => {
    expectTypeOf<OccError>().toExtend<Error>();
    expectTypeOf<OccError["code"]>().toEqualTypeOf<OccErrorCode>();
    expectTypeOf<OccError["status"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<OccError["retryAt"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<OccError["attempts"]>().toEqualTypeOf<number | undefined>();
    const error = new OccError(TIMEOUT, "slow");
    // @ts-expect-error the code is read-only
    error.code = INVALID_OPTIONS;
    // @ts-expect-error only the exported codes are codes
    new OccError("OCC_SOMETHING_ELSE", "nope");
  });

  test("OAuthError is an OccError with the RFC 6749 §5.2 fields and always a status", () => {
    expectTypeOf<OAuthError>().toExtend<OccError>();
    expectTypeOf<OAuthError["error"]>().toEqualTypeOf<string>();
    expectTypeOf<OAuthError["errorDescription"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<OAuthError["errorUri"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<OAuthError["status"]>().toEqualTypeOf<number>();
  });

  test("catching narrows with instanceof", () => {
    const caught: unknown = undefined;
    if (caught instanceof OAuthError) expectTypeOf(caught.error).toEqualTypeOf<string>();
    if (caught instanceof OccError) expectTypeOf(caught.code).toEqualTypeOf<OccErrorCode>();
  });

  test("error codes are literal types", () => {
    expectTypeOf<typeof INVALID_OPTIONS>().toEqualTypeOf<"OCC_INVALID_OPTIONS">();
    expectTypeOf<typeof INSECURE_URL>().toEqualTypeOf<"OCC_INSECURE_URL">();
    expectTypeOf<typeof NETWORK_ERROR>().toEqualTypeOf<"OCC_NETWORK_ERROR">();
    expectTypeOf<typeof TIMEOUT>().toEqualTypeOf<"OCC_TIMEOUT">();
    expectTypeOf<typeof ABORTED>().toEqualTypeOf<"OCC_ABORTED">();
    expectTypeOf<typeof UNEXPECTED_REDIRECT>().toEqualTypeOf<"OCC_UNEXPECTED_REDIRECT">();
    expectTypeOf<typeof UNEXPECTED_STATUS>().toEqualTypeOf<"OCC_UNEXPECTED_STATUS">();
    expectTypeOf<typeof UNEXPECTED_CONTENT_TYPE>().toEqualTypeOf<"OCC_UNEXPECTED_CONTENT_TYPE">();
    expectTypeOf<typeof RESPONSE_TOO_LARGE>().toEqualTypeOf<"OCC_RESPONSE_TOO_LARGE">();
    expectTypeOf<typeof INVALID_JSON>().toEqualTypeOf<"OCC_INVALID_JSON">();
    expectTypeOf<typeof INVALID_TOKEN_RESPONSE>().toEqualTypeOf<"OCC_INVALID_TOKEN_RESPONSE">();
    expectTypeOf<typeof OAUTH_ERROR>().toEqualTypeOf<"OCC_OAUTH_ERROR">();
    expectTypeOf<typeof DISCOVERY_FAILED>().toEqualTypeOf<"OCC_DISCOVERY_FAILED">();
    expectTypeOf<typeof CLIENT_ASSERTION_FAILED>().toEqualTypeOf<"OCC_CLIENT_ASSERTION_FAILED">();
    expectTypeOf<typeof THROTTLED>().toEqualTypeOf<"OCC_THROTTLED">();
    expectTypeOf<typeof STORE_ERROR>().toEqualTypeOf<"OCC_STORE_ERROR">();
    expectTypeOf<typeof INVALID_KEY>().toEqualTypeOf<"OCC_INVALID_KEY">();
  });

  test("OccErrorCode is exactly the exported codes", () => {
    expectTypeOf<OccErrorCode>().toEqualTypeOf<
      | typeof INVALID_OPTIONS
      | typeof INSECURE_URL
      | typeof NETWORK_ERROR
      | typeof TIMEOUT
      | typeof ABORTED
      | typeof UNEXPECTED_REDIRECT
      | typeof UNEXPECTED_STATUS
      | typeof UNEXPECTED_CONTENT_TYPE
      | typeof RESPONSE_TOO_LARGE
      | typeof INVALID_JSON
      | typeof INVALID_TOKEN_RESPONSE
      | typeof OAUTH_ERROR
      | typeof DISCOVERY_FAILED
      | typeof CLIENT_ASSERTION_FAILED
      | typeof THROTTLED
      | typeof STORE_ERROR
      | typeof INVALID_KEY
    >();
  });
});

describe("OccEvent", () => {
  test("is discriminated by type", () => {
    expectTypeOf<OccEvent["type"]>().toEqualTypeOf<
      | "token_fetched"
      | "token_cached"
      | "token_failed"
      | "retry"
      | "store_error"
      | "discovered"
      | "credentials_switched"
      | "lease"
      | "wait_until_failed"
    >();
  });

  test("each variant carries its own fields", () => {
    expectTypeOf<Extract<OccEvent, { type: "token_fetched" }>>().toEqualTypeOf<{
      type: "token_fetched";
      key: string;
      expiresAt: number;
      attempts: number;
      durationMs: number;
      background: boolean;
      quota?: { header: string; limit?: number; remaining?: number; resetAt?: number };
    }>();
    expectTypeOf<Extract<OccEvent, { type: "token_cached" }>["source"]>().toEqualTypeOf<"memory" | "store">();
    expectTypeOf<Extract<OccEvent, { type: "token_failed" }>>().toEqualTypeOf<{
      type: "token_failed";
      key: string;
      error: OccError;
      attempts: number;
      durationMs: number;
      background: boolean;
      served: boolean;
      retryAt?: number;
    }>();
    expectTypeOf<Extract<OccEvent, { type: "retry" }>["error"]>().toEqualTypeOf<OccError>();
    expectTypeOf<Extract<OccEvent, { type: "store_error" }>["operation"]>().toEqualTypeOf<"get" | "set" | "delete" | "lease">();
    expectTypeOf<Extract<OccEvent, { type: "store_error" }>["error"]>().toEqualTypeOf<OccError>();
    expectTypeOf<Extract<OccEvent, { type: "credentials_switched" }>>().toEqualTypeOf<{
      type: "credentials_switched";
      key: string;
      method: AuthMethod;
      secretIndex: number;
    }>();
    expectTypeOf<Extract<OccEvent, { type: "lease" }>["outcome"]>().toEqualTypeOf<"acquired" | "busy" | "taken_over" | "lost">();
    expectTypeOf<Extract<OccEvent, { type: "discovered" }>>().toEqualTypeOf<{
      type: "discovered";
      issuer: string;
      tokenUrl: string;
    }>();
  });

  test("no event carries an access token or a secret", () => {
    type Keys = OccEvent extends infer E ? (E extends unknown ? keyof E : never) : never;
    expectTypeOf<Extract<Keys, "accessToken" | "clientSecret" | "token" | "secret">>().toEqualTypeOf<never>();
  });

  test("a switch over type narrows and can be exhaustive", () => {
    const describeEvent = (event: OccEvent): string => {
      switch (event.type) {
        case "token_fetched":
          return `${event.attempts}`;
        case "token_cached":
          return event.source;
        case "token_failed":
        case "retry":
        case "store_error":
          return event.error.code;
        case "discovered":
          return event.tokenUrl;
        case "credentials_switched":
          return event.method;
        case "lease":
          return event.outcome;
        case "wait_until_failed":
          return event.key;
        default:
          expectTypeOf(event).toEqualTypeOf<never>();
          return event;
      }
    };
    expectTypeOf(describeEvent).returns.toEqualTypeOf<string>();
  });
});
