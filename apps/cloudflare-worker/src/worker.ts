import { createClient, OAuthError, OccError, type OccEvent } from "@occ/cloudflare";
import { describeEvent } from "./describe-event.ts";

/** The Worker's bindings: `[vars]` and the KV namespace from wrangler.toml, the secret from `wrangler secret put`. */
export interface Env {
  OAUTH_TOKEN_URL: string;
  OAUTH_CLIENT_ID: string;
  OAUTH_CLIENT_SECRET: string;
  OAUTH_SCOPE: string;
  /** The protected API this Worker calls on every request. */
  API_URL: string;
  /** Shares tokens between isolates and locations; createClient finds it by this name. */
  OAUTH_TOKENS: KVNamespace;
}

// At module scope on purpose: createClient reuses one client per configuration for the isolate's lifetime and
// compares functions by identity, so a callback created per request would get a new, cold client every time.
const onEvent = (event: OccEvent): void => console.log(describeEvent(event));

/** Answers every request with the protected API's answer, called with a client-credentials token. */
export default {
  async fetch(request, env, ctx): Promise<Response> {
    if (new URL(request.url).pathname !== "/") return new Response("Not found\n", { status: 404 });
    try {
      const api = createClient(env, ctx, { onEvent });
      const upstream = await api.fetch(env.API_URL);
      return new Response(upstream.body, {
        status: upstream.status,
        headers: { "content-type": upstream.headers.get("content-type") ?? "application/json" },
      });
    } catch (error) {
      if (!(error instanceof OccError)) throw error;
      // occ's messages never hold the secret, so the whole error can go to the logs.
      const oauth = error instanceof OAuthError ? ` ${error.error} (HTTP ${error.status})` : "";
      console.error(`token request failed: ${error.name} ${error.code}${oauth}: ${error.message}`);
      // The caller learns that the upstream refused, and which standard error code; nothing else.
      return Response.json(
        { error: "token_unavailable", code: error.code, ...(error instanceof OAuthError ? { oauthError: error.error } : {}) },
        { status: 502, headers: { "cache-control": "no-store" } },
      );
    }
  },
} satisfies ExportedHandler<Env>;
