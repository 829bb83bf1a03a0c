import { createClient, INVALID_OPTIONS, OAuthError, OccError, THROTTLED } from "@occ/cloudflare";
import { describeEvent, isFailure } from "./describe-event.ts";

// `Env` comes from `npx wrangler types` (worker-configuration.d.ts): the [vars] and bindings of wrangler.toml.

/** Answers every request with the protected API's answer, called with a client-credentials token. */
export default {
  async fetch(request, env, ctx): Promise<Response> {
    if (new URL(request.url).pathname !== "/") return new Response("Not found\n", { status: 404 });
    try {
      // Called in every request: the isolate keeps one client for this configuration, inline onEvent included.
      // OAUTH_* come from env; tokens are shared between isolates through the OAUTH_TOKENS KV namespace.
      const api = createClient(env, ctx, {
        onEvent: (event) => (isFailure(event) ? console.warn : console.log)(describeEvent(event)),
      });
      const upstream = await api.fetch(env.API_URL);
      return new Response(upstream.body, {
        status: upstream.status,
        headers: { "content-type": upstream.headers.get("content-type") ?? "application/json" },
      });
    } catch (error) {
      return failure(error);
    }
  },
} satisfies ExportedHandler<Env>;

/**
 * What the caller learns when no answer can be had: a generic body, never a stack or the upstream's words. The detail
 * goes to the logs (occ's messages hold no secret): `wrangler tail`, or the terminal under `wrangler dev`.
 */
function failure(error: unknown): Response {
  const headers = { "cache-control": "no-store" };
  if (!(error instanceof OccError) || error.code === INVALID_OPTIONS) {
    // A bug or a misconfigured Worker (INVALID_OPTIONS names the missing variables): ours to fix, not upstream's.
    console.error(`request failed: ${error instanceof OccError ? error.code : error instanceof Error ? error.name : "unknown error"}: ${error instanceof Error ? error.message : ""}`);
    return Response.json({ error: "internal_error" }, { status: 500, headers });
  }
  const oauth = error instanceof OAuthError ? ` ${error.error} (HTTP ${error.status})` : "";
  console.error(`token unavailable: ${error.name} ${error.code}${oauth}: ${error.message}`);
  // The authorization server asked for a pause (429/503 Retry-After): so may the caller.
  if (error.code === THROTTLED) {
    const seconds = Math.max(1, Math.ceil(((error.retryAt ?? Date.now()) - Date.now()) / 1000));
    return Response.json({ error: "token_unavailable" }, { status: 503, headers: { ...headers, "retry-after": String(seconds) } });
  }
  return Response.json({ error: "token_unavailable" }, { status: 502, headers });
}
