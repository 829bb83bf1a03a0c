import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { listenOnLoopback } from "./listen.ts";

/**
 * A server that misbehaves on purpose, driven only by the URL so that clients
 * in any runtime can use it without in-process control.
 *
 *   <url>/<scenario>/<id>[?ttl=&ms=&n=]   — each request increments the counter of that path
 *   GET <url>/__count/<scenario>/<id>      — {"count": n}
 *   GET <url>/__last/<scenario>/<id>       — {"method","url","headers","body"} of the last request (404 if none)
 *
 * `<id>` is any string (it may contain `/`); use a fresh one per test.
 */
export interface FaultServerOptions {
  /** TCP port; default 0 (ephemeral). */
  port?: number;
  /** Called with one line per request. Quiet when absent. */
  log?: (line: string) => void;
}

export interface FaultServer {
  url: string;
  count(scenario: string, id: string): number;
  close(): Promise<void>;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export const FAULT_SCENARIOS = [
  "ok",
  "ok-slow",
  "ok-string-expires",
  "ok-no-expires",
  "ok-lowercase-bearer",
  "fail-then-ok",
  "429-then-ok",
  "408-then-ok",
  "reset-then-ok",
  "hang",
  "redirect",
  "oversized",
  "html",
  "truncated",
  "array",
  "wrong-types",
  "no-token-type",
  "empty",
  "oauth-error",
  "oauth-error-401",
  "error-html",
  "api-401-then-ok",
  "api-401-always",
  "api-echo",
] as const;

export type FaultScenario = (typeof FAULT_SCENARIOS)[number];

const JSON_TYPE = "application/json; charset=utf-8";
const HTML_TYPE = "text/html; charset=utf-8";
const OVERSIZED_BYTES = 2 * 1024 * 1024;
const MAX_RECORDED_BODY = 1024 * 1024;

function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
}

function write(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    "content-type": contentType,
    "cache-control": "no-store",
    "content-length": String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  write(res, status, JSON_TYPE, JSON.stringify(body), headers);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (size < MAX_RECORDED_BODY) chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString("utf8").slice(0, MAX_RECORDED_BODY);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function headerObject(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const counts = new Map<string, number>();
  const last = new Map<string, RecordedRequest>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const log = options.log;
  let closing = false;

  function later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const query = url.searchParams;
    const segments = url.pathname.split("/").slice(1).map(safeDecode);
    const first = segments[0] ?? "";

    if (first === "__count" || first === "__last") {
      const key = segments.slice(1).join("/");
      if (first === "__count") return json(res, 200, { count: counts.get(key) ?? 0 });
      const recorded = last.get(key);
      return recorded ? json(res, 200, recorded) : json(res, 404, { error: "no_request_recorded", path: `/${key}` });
    }

    const scenario = first;
    const key = segments.join("/");
    const body = await readBody(req);
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    last.set(key, { method: req.method ?? "", url: req.url ?? "", headers: headerObject(req), body });

    const ttl = intParam(query, "ttl", 3600);
    const failures = intParam(query, "n", 1);
    const token = { access_token: `tok-${n}`, token_type: "Bearer", expires_in: ttl };
    const ok = () => json(res, 200, token);

    switch (scenario) {
      case "ok":
        return ok();
      case "ok-slow":
        return later(intParam(query, "ms", 150), ok);
      case "ok-string-expires":
        return json(res, 200, { ...token, expires_in: String(ttl) });
      case "ok-no-expires":
        return json(res, 200, { access_token: token.access_token, token_type: "Bearer" });
      case "ok-lowercase-bearer":
        return json(res, 200, { ...token, token_type: "bearer" });
      case "fail-then-ok":
        if (n <= failures) return json(res, 503, { error: "temporarily_unavailable" }, { "retry-after": "0" });
        return ok();
      case "429-then-ok":
        if (n <= failures) return json(res, 429, { error: "rate_limited" }, { "retry-after": query.get("retry-after") ?? "1" });
        return ok();
      case "408-then-ok":
        if (n <= failures) return json(res, 408, { error: "request_timeout" }, { connection: "close" });
        return ok();
      case "reset-then-ok":
        if (n <= failures) {
          req.socket.destroy();
          return;
        }
        return ok();
      case "hang":
        return; // never answer; close() destroys the socket
      case "redirect":
        return json(res, 302, { redirect: true }, { location: `/ok/${segments.slice(1).map(encodeURIComponent).join("/")}${url.search}` });
      case "oversized": {
        res.writeHead(200, { "content-type": JSON_TYPE, "cache-control": "no-store" });
        const chunk = Buffer.alloc(64 * 1024, "a");
        let sent = 0;
        res.write('{"access_token":"');
        const pump = (): void => {
          while (sent < OVERSIZED_BYTES) {
            sent += chunk.length;
            if (!res.write(chunk)) {
              res.once("drain", pump);
              return;
            }
          }
          res.end('","token_type":"Bearer","expires_in":3600}');
        };
        res.on("close", () => res.off("drain", pump));
        return pump();
      }
      case "html":
        return write(res, 200, HTML_TYPE, "<html><head><title>Login</title></head><body><h1>Please sign in</h1></body></html>");
      case "truncated":
        return write(res, 200, JSON_TYPE, '{"access_token":"ab');
      case "array":
        return write(res, 200, JSON_TYPE, "[]");
      case "wrong-types":
        return json(res, 200, { access_token: 123, token_type: "Bearer" });
      case "no-token-type":
        return json(res, 200, { access_token: token.access_token, expires_in: ttl });
      case "empty":
        return write(res, 200, JSON_TYPE, "");
      case "oauth-error":
        return json(res, 400, { error: "invalid_client", error_description: "Client authentication failed" });
      case "oauth-error-401":
        return json(res, 401, { error: "invalid_client", error_description: "Client authentication failed" }, {
          "www-authenticate": 'Basic realm="occ-fault"',
        });
      case "error-html":
        return write(res, 500, HTML_TYPE, "<html><body><h1>500 Internal Server Error</h1></body></html>");
      case "api-401-then-ok":
      case "api-401-always":
        if (scenario === "api-401-always" || n <= failures) {
          return json(res, 401, { error: "invalid_token" }, { "www-authenticate": 'Bearer error="invalid_token"' });
        }
        return json(res, 200, { ok: true, auth: req.headers.authorization ?? null, body });
      case "api-echo":
        return json(res, 200, { ok: true, auth: req.headers.authorization ?? null, method: req.method, body });
      default:
        return json(res, 404, { error: "unknown_scenario", scenario, known: FAULT_SCENARIOS });
    }
  }

  const server = createServer((req, res) => {
    if (log) res.on("finish", () => log(`[fault] ${req.method} ${req.url} -> ${res.statusCode}`));
    handle(req, res).catch((err: unknown) => {
      log?.(`[fault] error: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) json(res, 500, { error: "server_error" });
      else res.destroy();
    });
  });
  server.on("connection", (socket: Socket) => {
    if (closing) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // A client that aborts mid-request must not crash the process.
  server.on("clientError", (_err, socket) => socket.destroy());

  const port = await listenOnLoopback(server, options.port);

  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    count: (scenario, id) => counts.get(`${scenario}/${id}`) ?? 0,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        closing = true;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
