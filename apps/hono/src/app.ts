// The Hono app: one module for every runtime. On Workers `export default app` is the Worker and `c.env` holds its
// [vars] and secrets; on Node, src/server.ts passes process.env as `c.env`.
import { OAuthError, OccError, type OccEvent } from "@occ/core";
import { clientCredentials, type Env as OccEnv } from "@occ/hono";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { describeEvent } from "./describe-event.ts";

/** What the app reads from `c.env`: Worker bindings, or `process.env` on Node. */
export type Bindings = {
  OAUTH_TOKEN_URL?: string;
  OAUTH_ISSUER?: string;
  OAUTH_CLIENT_ID?: string;
  OAUTH_CLIENT_SECRET?: string;
  OAUTH_SCOPE?: string;
  OAUTH_AUDIENCE?: string;
  /** The protected API that `GET /` calls. */
  API_URL?: string;
};

/** The app, ready for `serve({ fetch: app.fetch })`, `export default app` on Workers, `Deno.serve(app.fetch)` or Bun. */
export const app = new Hono<{ Bindings: Bindings } & OccEnv>();

const onEvent = (event: OccEvent): void => console.log(describeEvent(event));

app.use(
  // One client per configuration, reused across requests: the token is fetched once and served from memory.
  clientCredentials<{ Bindings: Bindings }>((c) => ({
    ...(c.env.OAUTH_ISSUER ? { issuer: c.env.OAUTH_ISSUER } : { tokenUrl: c.env.OAUTH_TOKEN_URL }),
    clientId: c.env.OAUTH_CLIENT_ID ?? "",
    clientSecret: c.env.OAUTH_CLIENT_SECRET,
    scope: c.env.OAUTH_SCOPE,
    audience: c.env.OAUTH_AUDIENCE,
    onEvent,
  })),
);

app.get("/", async (c) => {
  if (!c.env.API_URL) return c.json({ error: "API_URL is not set" }, 500);
  const upstream = await c.var.occ.fetch(c.env.API_URL); // Authorization: Bearer …
  return new Response(upstream.body, {
    status: upstream.status,
    headers: { "content-type": upstream.headers.get("content-type") ?? "application/json" },
  });
});

app.onError((err, c) => {
  const cause = err instanceof HTTPException ? err.cause : err;
  if (cause instanceof OccError) {
    // occ's messages never hold the secret, so the whole error can go to the logs; the caller gets a generic body.
    const oauth = cause instanceof OAuthError ? ` ${cause.error} (HTTP ${cause.status})` : "";
    console.error(`token request failed: ${cause.name} ${cause.code}${oauth}: ${cause.message}`);
  } else {
    console.error(err);
  }
  if (err instanceof HTTPException) return err.getResponse();
  return c.json({ error: "internal_error" }, 500);
});

export default app;
