/**
 * The token endpoint and protected API the benchmarks talk to, run as a child process so the server's work
 * does not share an event loop with the client being measured.
 *
 * Routes (every name segment is a namespace, so each contestant gets its own counter):
 * - `POST /<ns>/<ttl>/<delayMs>/token`: a client-credentials token endpoint issuing opaque tokens that live
 *   `ttl` seconds, answering after `delayMs`; `token_type` is `DPoP` when the request carries a `DPoP` proof.
 * - `GET /<ns>/<ttl>/<delayMs>/.well-known/openid-configuration`: discovery metadata for the same issuer.
 * - `GET /__count/<ns>`: token requests received for `<ns>`.
 * - `GET /__log/<ns>`: every token request received for `<ns>` (see {@link LoggedRequest}), for the fleet bench.
 * - `POST /__slow/<ns>/<ms>`: the next token request for `<ns>` answers after `<ms>` instead (a refresh to kill).
 * - `GET /api/data`: 200 with a small JSON body when an `Authorization` header is present, else 401.
 *
 * Prints `{"url": "http://127.0.0.1:<port>"}` on stdout once listening. Exits when stdin closes.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { LoggedRequest } from "./lib/logged-request.ts";

const logs = new Map<string, LoggedRequest[]>();
const slowNext = new Map<string, number>();
const logOf = (ns: string) => logs.get(ns) ?? logs.set(ns, []).get(ns)!;
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
  const logged: LoggedRequest = { at: Date.now() };
  logOf(ns).push(logged);
  res.on("close", () => void (res.writableFinished || (logged.aborted = true)));
  const slow = slowNext.get(ns);
  slowNext.delete(ns);
  const body = new URLSearchParams(await readBody(req));
  const authenticated = req.headers.authorization?.startsWith("Basic ") || body.has("client_secret");
  if (body.get("grant_type") !== "client_credentials" || !authenticated) {
    json(res, 400, JSON.stringify({ error: authenticated ? "unsupported_grant_type" : "invalid_client" }));
    return;
  }
  const wait = slow ?? delayMs;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  if (res.destroyed) return;
  logged.answeredAt = Date.now();
  json(
    res,
    200,
    JSON.stringify({
      access_token: randomBytes(32).toString("base64url"),
      // A DPoP proof on the request gets a DPoP token, as a DPoP-capable server answers (dpop-overhead).
      token_type: req.headers.dpop === undefined ? "Bearer" : "DPoP",
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
    json(res, 200, String(logs.get(path.slice("/__count/".length))?.length ?? 0));
    return;
  }
  if (path.startsWith("/__log/")) {
    json(res, 200, JSON.stringify(logs.get(path.slice("/__log/".length)) ?? []));
    return;
  }
  const slow = /^\/__slow\/([\w.-]+)\/(\d+)$/.exec(path);
  if (slow !== null && req.method === "POST") {
    slowNext.set(slow[1]!, Number(slow[2]));
    json(res, 200, "{}");
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
