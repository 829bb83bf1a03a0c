#!/usr/bin/env node
// Serves the Hono app on Node; the app reads its configuration from process.env through env(c):
// OAUTH_TOKEN_URL (or OAUTH_ISSUER), OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, OAUTH_SCOPE, OAUTH_AUDIENCE, API_URL; PORT here.
import process from "node:process";
import { serve } from "@hono/node-server";
import { app } from "./app.ts";

const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: Number(process.env.PORT ?? 3000) }, (info) =>
  console.log(`Listening on http://127.0.0.1:${info.port}/`),
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
