import { describe, expect, it } from "vitest";
import { createClient, INSECURE_URL, INVALID_OPTIONS, OccError, type ClientOptions } from "../src/index.ts";

const SECRET = "opt-secret+/:%&=~!*'() ü";

function failure(options: ClientOptions): OccError {
  try {
    createClient(options);
  } catch (error) {
    expect(error).toBeInstanceOf(OccError);
    return error as OccError;
  }
  throw new Error("createClient accepted invalid options");
}

describe("createClient options", () => {
  it("lists every problem in one INVALID_OPTIONS error", () => {
    const error = failure({
      clientId: "",
      clientSecret: SECRET,
      scope: ["a b"],
      retries: 1.5,
      timeout: -1,
      params: { grant_type: "password" },
    } as ClientOptions);
    expect(error.code).toBe(INVALID_OPTIONS);
    for (const part of ["tokenUrl is required", "clientId", "scope", "retries", "timeout", "params.grant_type"]) {
      expect(error.message).toContain(part);
    }
    expect(error.message).not.toContain(SECRET);
  });

  it("lists a missing secret beside an empty client id", () => {
    const error = failure({ tokenUrl: "https://as.example/token", clientId: "" });
    expect(error.message).toContain("clientId must be a non-empty string");
    expect(error.message).toContain("clientSecret (a non-empty string");
  });

  it("requires a secret for the secret-based methods and an assertion for private_key_jwt", () => {
    expect(failure({ tokenUrl: "https://as.example/token", clientId: "c" }).message).toContain("clientSecret (a non-empty string, or a list of them newest first) is required");
    expect(failure({ tokenUrl: "https://as.example/token", clientId: "c", clientSecret: [] }).message).toContain("clientSecret");
    expect(failure({ tokenUrl: "https://as.example/token", clientId: "c", clientSecret: ["a", ""] }).message).toContain("clientSecret");
    expect(
      failure({ tokenUrl: "https://as.example/token", clientId: "c", authMethod: "private_key_jwt" }).message,
    ).toContain("clientAssertion (e.g. privateKeyJwt(key) from @occ/keys) is required");
    expect(
      failure({ tokenUrl: "https://as.example/token", clientId: "c", authMethod: "client_secret_post", clientAssertion: () => "x" }).message,
    ).toContain("clientAssertion is only used with");
    expect(
      failure({ tokenUrl: "https://as.example/token", clientId: "c", authMethod: "none", clientSecret: SECRET }).message,
    ).toContain("not used with authMethod none");
    expect(
      failure({ tokenUrl: "https://as.example/token", clientId: "c", authMethod: "magic" as never, clientSecret: SECRET }).message,
    ).toContain('authMethod "magic" is not one of');
  });

  it("refuses http on a non-loopback host unless allowInsecureHttp", () => {
    const error = failure({ tokenUrl: "http://as.example/token", clientId: "c", clientSecret: SECRET });
    expect(error.code).toBe(INSECURE_URL);
    expect(() =>
      createClient({ tokenUrl: "http://as.example/token", clientId: "c", clientSecret: SECRET, allowInsecureHttp: true }),
    ).not.toThrow();
    for (const loopback of ["http://localhost:8080/t", "http://127.0.0.1/t", "http://127.8.9.10/t", "http://[::1]:9/t"]) {
      expect(() => createClient({ tokenUrl: loopback, clientId: "c", clientSecret: SECRET })).not.toThrow();
    }
    for (const near of ["http://127.0.0.1.example/t", "http://localhost.example/t", "http://10.0.0.1/t"]) {
      expect(failure({ tokenUrl: near, clientId: "c", clientSecret: SECRET }).code).toBe(INSECURE_URL);
    }
  });

  it("refuses URLs that are not endpoints: relative, other schemes, credentials, fragments", () => {
    for (const tokenUrl of ["/token", "ftp://as.example/t", "https://user:pw@as.example/t", "https://as.example/t#x"]) {
      const error = failure({ tokenUrl, clientId: "c", clientSecret: SECRET });
      expect(error.code).toBe(INVALID_OPTIONS);
      expect(error.message).not.toContain("pw");
    }
    expect(failure({ tokenUrl: { issuer: "https://a" } as never, clientId: "c", clientSecret: SECRET }).message).toContain("tokenUrl");
  });

  it("refuses timeouts setTimeout cannot keep (≥ 2^31 ms fires at once) and other odd numbers", () => {
    for (const [name, value] of [
      ["timeout", 2 ** 31],
      ["timeout", 0],
      ["timeout", Number.NaN],
      ["refreshSkew", Infinity],
      ["refreshSkew", -1],
      ["defaultExpiresIn", 0],
      ["retries", 11],
    ] as const) {
      const error = failure({ tokenUrl: "https://a/t", clientId: "c", clientSecret: SECRET, [name]: value });
      expect(error.message, `${name} ${value}`).toContain(name);
    }
    expect(() => createClient({ tokenUrl: "https://a/t", clientId: "c", clientSecret: SECRET, timeout: 2 ** 31 - 1 })).not.toThrow();
  });

  it("takes a store only from defineStore() or a store factory", () => {
    const plain = { get: () => undefined, set: () => {}, delete: () => {} };
    expect(failure({ tokenUrl: "https://a/t", clientId: "c", clientSecret: SECRET, store: plain as never }).message).toContain("defineStore()");
  });

  it("checks resource indicators are absolute URIs", () => {
    expect(failure({ tokenUrl: "https://a/t", clientId: "c", clientSecret: SECRET, resource: "api" }).message).toContain("resource");
    expect(() => createClient({ tokenUrl: "https://a/t", clientId: "c", clientSecret: SECRET, resource: ["urn:x", "https://api/"] })).not.toThrow();
  });
});
