// Configuration from the Worker's env: [vars], secrets (a client secret, its predecessor, a private key) and errors.
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { createClient, type ExecutionContextLike, OccError, type OccEvent } from "../src/index.ts";
import { freshAudience, tokenRequests } from "./helpers.ts";

const clients = inject("clients");
const secret = clients.basic.clientSecret;
const { OAUTH_TOKENS: _kv, OAUTH_CLIENT_SECRET: _secret, ...withoutSecret } = env;

/** The JWT payload, to see what the server issued. */
const claims = (jwt: string) => JSON.parse(atob(jwt.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;

function thrown(run: () => unknown): OccError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OccError);
    return error as OccError;
  }
  throw new Error("expected createClient to throw");
}

describe("createClient(env, ctx) configured by env", () => {
  it("calls a protected API with a token for the client in env", async () => {
    const client = createClient(
      { ...env, OAUTH_CLIENT_ID: clients.simple.clientId, OAUTH_CLIENT_SECRET: clients.simple.clientSecret },
      createExecutionContext(),
    );
    const response = await client.fetch(`${inject("apiUrl")}/data`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, client_id: clients.simple.clientId });
  });

  it("discovers the token endpoint from OAUTH_ISSUER", async () => {
    const { OAUTH_TOKEN_URL: _url, ...rest } = env;
    const events: OccEvent[] = [];
    const client = createClient({ ...rest, OAUTH_ISSUER: inject("issuer") }, createExecutionContext(), {
      audience: freshAudience(),
      onEvent: (event) => events.push(event),
    });
    expect(claims((await client.getToken()).accessToken)).toMatchObject({ client_id: clients.basic.clientId });
    expect(events.filter((event) => event.type === "discovered")).toEqual([expect.objectContaining({ tokenUrl: inject("tokenUrl") })]);
  });

  it("lets explicit options win over env", async () => {
    const client = createClient(
      { ...env, OAUTH_CLIENT_ID: "wrong-id", OAUTH_CLIENT_SECRET: "wrong-secret", OAUTH_AUTH_METHOD: "nonsense" },
      createExecutionContext(),
      { clientId: clients.post.clientId, clientSecret: clients.post.clientSecret, authMethod: "client_secret_post", audience: freshAudience() },
    );
    expect(claims((await client.getToken()).accessToken)).toMatchObject({ client_id: clients.post.clientId });
  });

  it("signs private_key_jwt assertions with the OAUTH_PRIVATE_KEY secret and OAUTH_PRIVATE_KEY_ID", async () => {
    const key = inject("keyClient");
    const keyEnv = { ...withoutSecret, OAUTH_CLIENT_ID: key.clientId, OAUTH_PRIVATE_KEY: key.pem, OAUTH_PRIVATE_KEY_ID: key.kid };
    const audience = freshAudience();
    const before = await tokenRequests();
    for (let request = 0; request < 5; request++) {
      const token = await createClient(keyEnv, createExecutionContext(), { audience }).getToken();
      expect(claims(token.accessToken)).toMatchObject({ client_id: key.clientId, scope: "read:data" });
    }
    expect(await tokenRequests()).toBe(before + 1);
  });

  it("rotates: a new OAUTH_CLIENT_SECRET the server does not know yet falls back to OAUTH_CLIENT_SECRET_PREVIOUS", async () => {
    const events: OccEvent[] = [];
    const rotating = { ...withoutSecret, OAUTH_CLIENT_SECRET: "the-next-secret", OAUTH_CLIENT_SECRET_PREVIOUS: secret };
    const token = await createClient(rotating, createExecutionContext(), { audience: freshAudience(), onEvent: (event) => events.push(event) }).getToken();
    expect(claims(token.accessToken)).toMatchObject({ client_id: clients.basic.clientId });
    expect(events).toContainEqual(expect.objectContaining({ type: "credentials_switched", secretIndex: 1 }));
  });

  it("gets a token for a public client (authMethod none) without a secret", async () => {
    const client = createClient(
      { OAUTH_TOKEN_URL: env.OAUTH_TOKEN_URL, OAUTH_CLIENT_ID: clients.public.clientId, OAUTH_AUTH_METHOD: "none", OAUTH_SCOPE: "read:data" },
      createExecutionContext(),
    );
    expect(claims((await client.getToken()).accessToken)).toMatchObject({ client_id: clients.public.clientId, scope: "read:data" });
  });
});

describe("createClient(env, ctx) errors", () => {
  it("names every missing variable and says where Workers variables come from", () => {
    const error = thrown(() => createClient({}, createExecutionContext()));
    expect(error.code).toBe("OCC_INVALID_OPTIONS");
    for (const name of ["OAUTH_TOKEN_URL (or OAUTH_ISSUER)", "OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET"]) expect(error.message).toContain(name);
    for (const where of [".dev.vars", "wrangler secret put", "[vars] in wrangler.toml"]) expect(error.message).toContain(where);
  });

  it("names what is missing and never the secret that is there", () => {
    const error = thrown(() => createClient({ OAUTH_CLIENT_SECRET: secret }, createExecutionContext()));
    expect(error.message).toContain("OAUTH_CLIENT_ID");
    expect(error.message).not.toContain("OAUTH_CLIENT_SECRET");
    for (const text of [error.message, error.stack ?? "", JSON.stringify(error), String(error)]) expect(text).not.toContain(secret);
  });

  it("reports invalid values and an OAUTH_TOKENS that is not a KV namespace together, without echoing values", () => {
    const error = thrown(() =>
      createClient(
        { OAUTH_TOKEN_URL: "https://a.example/token", OAUTH_ISSUER: "https://a.example", OAUTH_AUTH_METHOD: secret, OAUTH_SCOPE: 42, OAUTH_TOKENS: "kv" },
        createExecutionContext(),
      ),
    );
    for (const part of ["OAUTH_TOKEN_URL and OAUTH_ISSUER", "OAUTH_AUTH_METHOD", "OAUTH_SCOPE must be a string", "OAUTH_TOKENS is bound but is not a KV namespace", "OAUTH_CLIENT_ID"]) {
      expect(error.message).toContain(part);
    }
    expect(error.message).not.toContain(secret);
  });

  it("reaches @occ/keys for a malformed OAUTH_PRIVATE_KEY, naming the variable and never the key", () => {
    const bogus = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----";
    const error = thrown(() => createClient({ ...withoutSecret, OAUTH_PRIVATE_KEY: bogus }, createExecutionContext()));
    expect(error.code).toBe("OCC_INVALID_OPTIONS");
    expect(error.message).toContain("OAUTH_PRIVATE_KEY");
    expect(error.message).not.toContain("bm90IGEga2V5");
  });

  it("requires the Worker's env and the request's ExecutionContext", () => {
    expect(thrown(() => createClient(undefined as unknown as object, createExecutionContext())).message).toContain("env");
    expect(thrown(() => createClient(env, undefined as unknown as ExecutionContextLike)).message).toContain("ExecutionContext");
  });
});
