/**
 * The token endpoint and protected API the benchmarks talk to, run as a child process so the server's work
 * does not share an event loop with the client being measured.
 *
 * Routes (every name segment is a namespace, so each contestant gets its own counter):
 * - `POST /<ns>/<ttl>/<delayMs>/token`: a client-credentials token endpoint issuing opaque tokens that live
 *   `ttl` seconds, answering after `delayMs`.
 * - `GET /<ns>/<ttl>/<delayMs>/.well-known/openid-configuration`: discovery metadata for the same issuer.
 * - `GET /__count/<ns>`: token requests received for `<ns>`.
 * - `GET /api/data`: 200 with a small JSON body when an `Authorization` header is present, else 401.
 *
 * Prints `{"url": "http://127.0.0.1:<port>"}` on stdout once listening. Exits when stdin closes.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

const counts = new Map<string, number>();
const apiBody = JSON.stringify({ items: [1, 2, 3] });
const TOKEN_ROUTE = /^\/([\w.-]+)\/(\d+)\/(\d+)\/(token|\.well-known\/openid-configuration)$/;

function json(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

async function token(req: IncomingMessage, res: ServerResponse, ns: string, ttl: number, delayMs: number) {
  counts.set(ns, (counts.get(ns) ?? 0) + 1);
  const body = new URLSearchParams(await readBody(req));
  const authenticated = req.headers.authorization?.startsWith("Basic ") || body.has("client_secret");
  if (body.get("grant_type") !== "client_credentials" || !authenticated) {
    json(res, 400, JSON.stringify({ error: authenticated ? "unsupported_grant_type" : "invalid_client" }));
    return;
  }
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  json(
    res,
    200,
    JSON.stringify({
      access_token: randomBytes(32).toString("base64url"),
      token_type: "Bearer",
      expires_in: ttl,
      scope: body.get("scope") ?? "read:data",
    }),
  );
}

const server = createServer((req, res) => {
  const path = req.url ?? "/";
  if (path === "/api/data") {
    if (req.headers.authorization) json(res, 200, apiBody);
    else json(res, 401, JSON.stringify({ error: "invalid_token" }));
    return;
  }
  if (path.startsWith("/__count/")) {
    json(res, 200, String(counts.get(path.slice("/__count/".length)) ?? 0));
    return;
  }
  const match = TOKEN_ROUTE.exec(path);
  if (match === null) {
    json(res, 404, "{}");
    return;
  }
  const [, ns = "", ttl = "0", delay = "0", route] = match;
  if (route === "token") {
    if (req.method !== "POST") return json(res, 405, "{}");
    token(req, res, ns, Number(ttl), Number(delay)).catch(() => res.destroy());
    return;
  }
  const issuer = `http://${req.headers.host}/${ns}/${ttl}/${delay}`;
  json(
    res,
    200,
    JSON.stringify({
      issuer,
      token_endpoint: `${issuer}/token`,
      grant_types_supported: ["client_credentials"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    }),
  );
});

server.keepAliveTimeout = 30_000;
// The stampede opens 10 000 sockets at once; a short backlog would turn that into SYN retries.
server.listen({ host: "127.0.0.1", port: 0, backlog: 16_384 }, () => {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
});
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
