// The Hono app: one module for every runtime. The OAUTH_* variables and API_URL are read with env(c) from
// hono/adapter: process.env on Node and Bun, Deno.env on Deno, the Worker's [vars] and secrets on Cloudflare.
import { clientCredentials, type ClientCredentialsEnv, type OccEvent } from "@occ/hono";
import { Hono } from "hono";
import { env } from "hono/adapter";
import { describeEvent } from "./describe-event.ts";

/** What the app reads besides the OAUTH_* variables. */
type AppVariables = {
  /** The protected API that `GET /` calls. */
  API_URL?: string;
};

/** The app, ready for `serve({ fetch: app.fetch })`, `export default app` on Workers, `Bun.serve` or `Deno.serve`. */
export const app = new Hono<ClientCredentialsEnv>();

const FAILURES = new Set<OccEvent["type"]>(["token_failed", "store_error", "wait_until_failed"]);

// Every occ event as a line, failures on stderr. It replaces the middleware's default log, which has failures only.
const onEvent = (event: OccEvent): void => (FAILURES.has(event.type) ? console.error : console.log)(describeEvent(event));

// One client per configuration, reused across requests: the token is fetched once and served from memory.
app.use(clientCredentials({ onEvent }));

app.get("/", async (c) => {
  const { API_URL } = env<AppVariables>(c);
  if (!API_URL) return c.json({ error: "API_URL is not set" }, 500);
  const upstream = await c.var.occ.fetch(API_URL); // Authorization: Bearer …
  return new Response(upstream.body, {
    status: upstream.status,
    headers: { "content-type": upstream.headers.get("content-type") ?? "application/json" },
  });
});

export default app;
