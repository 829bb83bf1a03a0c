import { describe, expect, it } from "vitest";
import { ENV_VARIABLES, optionsFromEnv } from "../src/env.ts";
import { INVALID_OPTIONS, OccError } from "../src/index.ts";

const SECRET = " s3cr+t/:%&=~ ";
const fromEnv = (env: Record<string, unknown>, options = {}) => optionsFromEnv(options, (name) => env[name], { caller: "test createClient", hint: "Set them." });

function failure(env: Record<string, unknown>, options = {}): OccError {
  try {
    fromEnv(env, options);
  } catch (error) {
    expect(error).toBeInstanceOf(OccError);
    expect((error as OccError).code).toBe(INVALID_OPTIONS);
    return error as OccError;
  }
  throw new Error("expected optionsFromEnv to throw");
}

describe("optionsFromEnv", () => {
  it("maps every OAUTH_* variable; lists are space separated; the secret is taken as it is", () => {
    expect(
      fromEnv({
        OAUTH_TOKEN_URL: " https://as.example/token ",
        OAUTH_CLIENT_ID: "svc",
        OAUTH_CLIENT_SECRET: SECRET,
        OAUTH_AUTH_METHOD: "client_secret_post",
        OAUTH_SCOPE: "read:data  write:data",
        OAUTH_AUDIENCE: "https://api.example",
        OAUTH_RESOURCE: "urn:a urn:b",
      }),
    ).toEqual({
      tokenUrl: "https://as.example/token",
      clientId: "svc",
      clientSecret: SECRET,
      authMethod: "client_secret_post",
      scope: ["read:data", "write:data"],
      audience: "https://api.example",
      resource: ["urn:a", "urn:b"],
    });
  });

  it("lets explicit options win, and reads nothing they cover", () => {
    const asked: string[] = [];
    const options = optionsFromEnv(
      { issuer: "https://as.example", clientId: "explicit", clientSecret: "x", scope: "a", audience: "b", resource: "urn:c", authMethod: "client_secret_basic" },
      (name) => {
        asked.push(name);
        return "from-env";
      },
      { caller: "test", hint: "" },
    );
    expect(options).toMatchObject({ clientId: "explicit", clientSecret: "x", scope: "a" });
    expect(options.tokenUrl).toMatchObject({ issuer: "https://as.example/" });
    expect(asked).toEqual([]);
  });

  it("names every missing variable at once, and never a value", () => {
    const error = failure({ OAUTH_CLIENT_SECRET: SECRET, OAUTH_AUTH_METHOD: "client-secret-basic", OAUTH_SCOPE: 42 });
    expect(error.message).toBe(
      'test createClient: OAUTH_AUTH_METHOD is "client-secret-basic"; use one of client_secret_basic, client_secret_post, client_secret_jwt, private_key_jwt, tls_client_auth, self_signed_tls_client_auth, none; OAUTH_SCOPE must be a string; missing OAUTH_TOKEN_URL (or OAUTH_ISSUER), OAUTH_CLIENT_ID. Set them.',
    );
    expect(error.message).not.toContain(SECRET.trim());
  });

  it("reports the adapter's own problems in the same error", () => {
    const error = failure({ OAUTH_TOKEN_URL: "https://a/t" });
    expect(error.message).not.toContain("KV");
    expect(() =>
      optionsFromEnv({}, () => undefined, { caller: "cf", hint: "Fix.", missing: ["MY_KV (KV namespace binding)"], invalid: ["X is odd"] }),
    ).toThrowError("cf: X is odd; missing MY_KV (KV namespace binding), OAUTH_TOKEN_URL (or OAUTH_ISSUER), OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET. Fix.");
    // The hint about setting variables comes only with something missing, not with a value that is set but wrong.
    expect(failure({ OAUTH_TOKEN_URL: "https://a/t", OAUTH_CLIENT_ID: "c", OAUTH_CLIENT_SECRET: "s", OAUTH_AUTH_METHOD: "x" }).message).not.toContain("Set them");
  });

  it("treats empty variables as unset, and refuses both an endpoint and an issuer", () => {
    expect(failure({ OAUTH_TOKEN_URL: "  ", OAUTH_CLIENT_ID: "c", OAUTH_CLIENT_SECRET: "s" }).message).toContain("missing OAUTH_TOKEN_URL");
    expect(failure({ OAUTH_TOKEN_URL: "https://a/t", OAUTH_ISSUER: "https://a", OAUTH_CLIENT_ID: "c", OAUTH_CLIENT_SECRET: "s" }).message).toContain(
      "only one of",
    );
  });

  it("asks for the secret only for the methods that use it, and marks what is required", () => {
    const asked: [string, boolean][] = [];
    const options = optionsFromEnv({}, (name, required) => {
      asked.push([name, required]);
      return { OAUTH_TOKEN_URL: "https://a/t", OAUTH_CLIENT_ID: "c", OAUTH_AUTH_METHOD: "none", OAUTH_CLIENT_SECRET: "unused" }[name];
    }, { caller: "test", hint: "" });
    expect(options).toEqual({ tokenUrl: "https://a/t", clientId: "c", authMethod: "none" });
    expect(asked).toEqual([
      [ENV_VARIABLES.tokenUrl, true],
      [ENV_VARIABLES.issuer, false],
      [ENV_VARIABLES.clientId, true],
      [ENV_VARIABLES.authMethod, false],
      [ENV_VARIABLES.scope, false],
      [ENV_VARIABLES.audience, false],
      [ENV_VARIABLES.resource, false],
    ]);
  });

  it("an issuer becomes a discovered endpoint", () => {
    const options = fromEnv({ OAUTH_ISSUER: "https://as.example", OAUTH_CLIENT_ID: "c", OAUTH_CLIENT_SECRET: "s" });
    expect(options.tokenUrl).toMatchObject({ issuer: "https://as.example/" });
    expect(failure({ OAUTH_ISSUER: "https://as.example?x=1", OAUTH_CLIENT_ID: "c", OAUTH_CLIENT_SECRET: "s" }).message).toContain("OAUTH_ISSUER");
  });

  it("OAUTH_CLIENT_SECRET_PREVIOUS makes a rotation list, newest first", () => {
    const options = fromEnv({ OAUTH_TOKEN_URL: "https://a/t", OAUTH_CLIENT_ID: "c", OAUTH_CLIENT_SECRET: "new", OAUTH_CLIENT_SECRET_PREVIOUS: "old" });
    expect(options.clientSecret).toEqual(["new", "old"]);
    expect(failure({ OAUTH_TOKEN_URL: "https://a/t", OAUTH_CLIENT_ID: "c", OAUTH_CLIENT_SECRET_PREVIOUS: "old" }).message).toContain("missing OAUTH_CLIENT_SECRET");
  });

  it("OAUTH_PRIVATE_KEY and OAUTH_CLIENT_ASSERTION_FILE go through the adapter's builders and need no secret", () => {
    const built: unknown[] = [];
    const context = {
      caller: "test",
      hint: "",
      privateKeyJwt: (key: string, options: { kid?: string }) => (built.push([key, options]), () => "signed"),
      assertionFile: (path: string) => (built.push(path), () => "from-file"),
    };
    const keyed = optionsFromEnv({}, (n) => ({ OAUTH_TOKEN_URL: "https://a/t", OAUTH_CLIENT_ID: "c", OAUTH_PRIVATE_KEY: "PEM", OAUTH_PRIVATE_KEY_ID: "k1" })[n], context);
    expect(built).toEqual([["PEM", { kid: "k1" }]]);
    expect(keyed.clientSecret).toBeUndefined();
    const filed = optionsFromEnv({}, (n) => ({ OAUTH_TOKEN_URL: "https://a/t", OAUTH_CLIENT_ID: "c", OAUTH_CLIENT_ASSERTION_FILE: "/var/run/token", OAUTH_CLIENT_ASSERTION_TYPE: "urn:x" })[n], context);
    expect(built.at(-1)).toBe("/var/run/token");
    expect(filed.clientAssertionType).toBe("urn:x");
    const both = () => optionsFromEnv({}, (n) => ({ OAUTH_TOKEN_URL: "https://a/t", OAUTH_CLIENT_ID: "c", OAUTH_PRIVATE_KEY: "PEM", OAUTH_CLIENT_ASSERTION_FILE: "/f" })[n], context);
    expect(both).toThrowError("set only one of OAUTH_PRIVATE_KEY and OAUTH_CLIENT_ASSERTION_FILE");
    const unsupported = () => fromEnv({ OAUTH_TOKEN_URL: "https://a/t", OAUTH_CLIENT_ID: "c", OAUTH_PRIVATE_KEY: "PEM" });
    expect(unsupported).toThrowError("test createClient cannot use OAUTH_PRIVATE_KEY");
  });

  it("a key the adapter's builder refuses is reported without echoing it", () => {
    const context = {
      caller: "test",
      hint: "",
      privateKeyJwt: () => {
        throw new OccError("OCC_INVALID_KEY", "the PEM is not a PKCS#8 private key");
      },
    };
    const error = (() => {
      try {
        optionsFromEnv({}, (n) => ({ OAUTH_TOKEN_URL: "https://a/t", OAUTH_CLIENT_ID: "c", OAUTH_PRIVATE_KEY: "-----BEGIN SECRET MATERIAL-----" })[n], context);
      } catch (e) {
        return e as Error;
      }
    })()!;
    expect(error.message).toContain("OAUTH_PRIVATE_KEY: the PEM is not a PKCS#8 private key");
    expect(error.message).not.toContain("SECRET MATERIAL");
  });

  it("OAUTH_TLS_* build the adapter's mTLS fetch for a tls method, PEM text or a file path, once nothing else is wrong", () => {
    const built: unknown[] = [];
    const fetched = (async () => new Response()) as typeof fetch;
    const context = {
      caller: "test",
      hint: "Set them.",
      mtlsFetch: (tls: unknown, labels: unknown) => (built.push([tls, labels]), fetched),
      readTextFile: (path: string) => (path === "/certs/key.pem" ? "-----BEGIN PRIVATE KEY-----k" : (() => { throw Object.assign(new Error("no"), { code: "ENOENT" }); })()),
    };
    const env = { OAUTH_TOKEN_URL: "https://a/t", OAUTH_CLIENT_ID: "c", OAUTH_AUTH_METHOD: "tls_client_auth", OAUTH_TLS_CERT: "-----BEGIN CERTIFICATE-----c", OAUTH_TLS_KEY: "/certs/key.pem" };
    const options = optionsFromEnv({}, (n) => env[n as keyof typeof env], context);
    expect(options.fetch).toBe(fetched);
    expect(built).toEqual([[{ cert: "-----BEGIN CERTIFICATE-----c", key: "-----BEGIN PRIVATE KEY-----k" }, { cert: "the client certificate (OAUTH_TLS_CERT)", key: "the private key (OAUTH_TLS_KEY, file /certs/key.pem)", ca: "the CA certificate (undefined)" }]]);
    expect(() => optionsFromEnv({}, (n) => ({ ...env, OAUTH_TLS_KEY: "/certs/missing.pem" })[n as keyof typeof env], context)).toThrowError("OAUTH_TLS_KEY: cannot read the file /certs/missing.pem (ENOENT)");
    expect(() => optionsFromEnv({}, (n) => ({ ...env, OAUTH_TLS_KEY: undefined })[n as keyof typeof env], context)).toThrowError("missing OAUTH_TLS_KEY (with tls_client_auth). Set them.");
    // A fetch given in code wins: nothing is read.
    expect(optionsFromEnv({ fetch: globalThis.fetch }, (n) => env[n as keyof typeof env], context).fetch).toBe(globalThis.fetch);
    expect(built).toHaveLength(1);
  });
});
