// A Deno.serve service that answers every request with a protected API's answer, called with a client-credentials
// token. Tokens are shared through Deno KV, so several processes (or a restart) reuse one token.
//
//   deno task start        (OAUTH_* and API_URL in the environment; PORT default 8000; KV_PATH default: Deno's)
import { createClient, denoKvStore, OAuthError, OccError } from "@occ/deno";
import { describeEvent } from "./describe-event.ts";

const apiUrl = Deno.env.get("API_URL");
if (!apiUrl) {
  console.error("API_URL is not set: the URL of the protected API to call");
  Deno.exit(2);
}

const kv = await Deno.openKv(Deno.env.get("KV_PATH") || undefined);
// Once, at module level: the client keeps its token in memory and goes back to KV or the token endpoint only when
// it has none or it is about to expire. Endpoint and credentials come from OAUTH_*.
const api = createClient({ store: denoKvStore(kv), onEvent: (event) => console.log(describeEvent(event)) });

async function handle(request: Request): Promise<Response> {
  if (new URL(request.url).pathname !== "/") return new Response("Not found\n", { status: 404 });
  try {
    const upstream = await api.fetch(apiUrl as string);
    return new Response(upstream.body, {
      status: upstream.status,
      headers: { "content-type": upstream.headers.get("content-type") ?? "application/json" },
    });
  } catch (error) {
    if (!(error instanceof OccError)) throw error;
    // occ's messages never hold the secret, so the whole error can go to the logs.
    const oauth = error instanceof OAuthError ? ` ${error.error} (HTTP ${error.status})` : "";
    console.error(`token request failed: ${error.name} ${error.code}${oauth}: ${error.message}`);
    return Response.json(
      { error: "token_unavailable", code: error.code, ...(error instanceof OAuthError ? { oauthError: error.error } : {}) },
      { status: 502, headers: { "cache-control": "no-store" } },
    );
  }
}

const server = Deno.serve(
  {
    hostname: "127.0.0.1",
    port: Number(Deno.env.get("PORT") ?? 8000),
    onListen: ({ hostname, port }) => console.log(`Listening on http://${hostname}:${port}/`),
  },
  handle,
);

Deno.addSignalListener("SIGTERM", async () => {
  await server.shutdown();
  kv.close();
});
