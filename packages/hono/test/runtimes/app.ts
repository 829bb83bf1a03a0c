// The app the runtime tests serve with @hono/node-server, Bun.serve and Deno.serve. It imports @occ/hono by its
// name, so each runtime loads the built package the way a user's app does.
import { type ClientCredentialsEnv, clientCredentials } from "@occ/hono";
import { Hono } from "hono";
import { env } from "hono/adapter";

const app = new Hono<ClientCredentialsEnv>();

// Configured by the OAUTH_* variables of the process.
app.use("/env/*", clientCredentials());
app.get("/env/data", (c) => c.var.occ.fetch(env<{ API_URL: string }>(c).API_URL));

// Configured inline from the request itself, so the test can change the endpoint and the secret between requests.
// New objects and functions on every request, as inline options are written.
app.use(
  "/inline/*",
  clientCredentials((c) => ({
    tokenUrl: c.req.query("tokenUrl"),
    clientId: c.req.query("clientId"),
    clientSecret: c.req.header("x-client-secret"),
    fetch: (input, init) => fetch(input, init),
  })),
);
app.get("/inline/token", async (c) => c.json({ token: (await c.var.occ.getToken()).accessToken }));

export default app;
