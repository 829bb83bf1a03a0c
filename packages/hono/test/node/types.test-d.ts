import type { Client } from "@occ/core";
import { Hono, type MiddlewareHandler } from "hono";
import { describe, expectTypeOf, it } from "vitest";
import * as hono from "../../src/index.ts";
import { type ClientCredentialsEnv, clientCredentials, type ClientCredentialsVariables } from "../../src/index.ts";

const options = { tokenUrl: "https://idp.example/token", clientId: "id", clientSecret: "secret" };

describe("types", () => {
  it("c.var.occ is a Client on routes behind the middleware", () => {
    new Hono().get("/", clientCredentials(options), (c) => {
      expectTypeOf(c.var.occ).toEqualTypeOf<Client>();
      expectTypeOf(c.get("occ")).toEqualTypeOf<Client>();
      return c.text("");
    });
    new Hono().use(clientCredentials()).get("/", (c) => {
      expectTypeOf(c.var.occ).toEqualTypeOf<Client>();
      return c.text("");
    });
    new Hono<ClientCredentialsEnv>().get("/", (c) => {
      expectTypeOf(c.var.occ).toEqualTypeOf<Client>();
      return c.text("");
    });
    new Hono<{ Bindings: { API_URL: string }; Variables: ClientCredentialsVariables }>().get("/", (c) => {
      expectTypeOf(c.var.occ).toEqualTypeOf<Client>();
      expectTypeOf(c.env.API_URL).toBeString();
      return c.text("");
    });
  });

  it("routes without the middleware's Env have no occ", () => {
    new Hono().get("/", (c) => {
      // @ts-expect-error no middleware, no occ
      c.var.occ;
      return c.text("");
    });
  });

  it("every client option may be left to its OAUTH_* variable", () => {
    clientCredentials({});
    clientCredentials({ scope: "read:data" });
    clientCredentials({ issuer: "https://idp.example" });
  });

  it("types c.env for options built per request", () => {
    type Bindings = { TOKEN_URL: string; SECRET: string };
    const middleware = clientCredentials<{ Bindings: Bindings }>((c) => {
      expectTypeOf(c.env.TOKEN_URL).toBeString();
      return { tokenUrl: c.env.TOKEN_URL, clientSecret: c.env.SECRET };
    });
    expectTypeOf(middleware).toEqualTypeOf<MiddlewareHandler<{ Bindings: Bindings } & ClientCredentialsEnv>>();
    new Hono<{ Bindings: Bindings }>().use(middleware).get("/", (c) => {
      expectTypeOf(c.var.occ).toEqualTypeOf<Client>();
      expectTypeOf(c.env.SECRET).toBeString();
      return c.text("");
    });
    // @ts-expect-error waitUntil comes from the request's execution context, not from options
    clientCredentials({ ...options, waitUntil: () => {} });
  });

  it("re-exports @occ/core and @occ/keys, createClient included", () => {
    expectTypeOf(hono.createClient).toEqualTypeOf<typeof import("@occ/core").createClient>();
    expectTypeOf(hono.privateKeyJwt).toEqualTypeOf<typeof import("@occ/keys").privateKeyJwt>();
    expectTypeOf(hono.dpopKey).toEqualTypeOf<typeof import("@occ/keys").dpopKey>();
  });
});
