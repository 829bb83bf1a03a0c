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
    expect(options).toMatchObject({ issuer: "https://as.example", clientId: "explicit", clientSecret: "x", scope: "a" });
    expect(asked).toEqual([]);
  });

  it("names every missing variable at once, and never a value", () => {
    const error = failure({ OAUTH_CLIENT_SECRET: SECRET, OAUTH_AUTH_METHOD: "magic", OAUTH_SCOPE: 42 });
    expect(error.message).toBe(
      "test createClient: missing OAUTH_TOKEN_URL (or OAUTH_ISSUER), OAUTH_CLIENT_ID; OAUTH_AUTH_METHOD must be one of client_secret_basic, client_secret_post, private_key_jwt, none; OAUTH_SCOPE must be a string. Set them.",
    );
    expect(error.message).not.toContain("magic");
  });

  it("reports the adapter's own problems in the same error", () => {
    const error = failure({ OAUTH_TOKEN_URL: "https://a/t" });
    expect(error.message).not.toContain("KV");
    expect(() =>
      optionsFromEnv({}, () => undefined, { caller: "cf", hint: "Fix.", missing: ["MY_KV (KV namespace binding)"], invalid: ["X is odd"] }),
    ).toThrowError("cf: missing MY_KV (KV namespace binding), OAUTH_TOKEN_URL (or OAUTH_ISSUER), OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET; X is odd. Fix.");
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
      [ENV_VARIABLES.issuer, true],
      [ENV_VARIABLES.clientId, true],
      [ENV_VARIABLES.authMethod, false],
      [ENV_VARIABLES.scope, false],
      [ENV_VARIABLES.audience, false],
      [ENV_VARIABLES.resource, false],
    ]);
  });
});
