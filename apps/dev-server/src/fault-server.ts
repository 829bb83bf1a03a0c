import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { FaultCredentials } from "./fault/client-auth.ts";
import { headerObject, json, readBody } from "./fault/http.ts";
import type { FaultRequest, ScenarioHandler } from "./fault/http.ts";
import { parseFaultPath } from "./fault/path.ts";
import { FAULT_SCENARIOS, scenarioHandlers } from "./fault/scenarios.ts";
import { listenOnLoopback } from "./listen.ts";

/**
 * A server that misbehaves on purpose, driven only by the URL so that clients
 * in any runtime can use it without in-process control.
 *
 *   <url>/<scenario>/<id>[?ttl=&ms=&n=...]  — each request increments the counter of that path
 *   GET  <url>/__count/<scenario>/<id>       — {"count": n}
 *   GET  <url>/__last/<scenario>/<id>        — {"method","url","headers","body"} of the last request (404 if none)
 *   POST <url>/__credentials/<id>            — form `client_id=&client_secret=` (repeatable): the credentials
 *                                              the client-authentication scenarios accept for <id> from now on
 *
 * `<id>` is any string (it may contain `/`); use a fresh one per test. A `/.well-known/<name>` part of the path,
 * after the id or (RFC 8414) before the scenario, is not part of the id. Every scenario is described in README.md.
 */
export interface FaultServerOptions {
  /** TCP port; default 0 (ephemeral). */
  port?: number;
  /** Called with one line per request. Quiet when absent. */
  log?: (line: string) => void;
}

/** A running fault server. */
export interface FaultServer {
  url: string;
  count(scenario: string, id: string): number;
  /** The credentials `basic-rfc`, `basic-raw`, `basic-split` and `secrets` accept for `id` from now on. */
  setCredentials(id: string, credentials: FaultCredentials): void;
  close(): Promise<void>;
}

/** A request as `/__last` reports it. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Starts the fault server on loopback. */
export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const counts = new Map<string, number>();
  const last = new Map<string, RecordedRequest>();
  const credentials = new Map<string, FaultCredentials>();
  const handlers: Record<string, ScenarioHandler> = scenarioHandlers(credentials);
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const log = options.log;
  let closing = false;
  let origin = "";

  function later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  }

  async function control(kind: string, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { scenario, id } = parseFaultPath(path);
    const key = `${scenario}/${id}`;
    if (kind === "__count") return json(res, 200, { count: counts.get(key) ?? 0 });
    if (kind === "__last") {
      const recorded = last.get(key);
      return recorded ? json(res, 200, recorded) : json(res, 404, { error: "no_request_recorded", path: `/${key}` });
    }
    // __credentials/<id>: the whole rest of the path is the test id, not <scenario>/<id>.
    const form = new URLSearchParams(await readBody(req));
    const clientId = form.get("client_id");
    if (req.method !== "POST" || clientId === null) return json(res, 400, { error: "expected POST with client_id" });
    credentials.set([scenario, id].filter(Boolean).join("/"), { clientId, clientSecrets: form.getAll("client_secret") });
    res.writeHead(204).end();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", origin);
    const controlPath = /^\/(__count|__last|__credentials)(\/.*)$/.exec(url.pathname);
    if (controlPath) return control(controlPath[1]!, controlPath[2]!, req, res);

    const path = parseFaultPath(url.pathname);
    const key = `${path.scenario}/${path.id}`;
    const body = await readBody(req);
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    last.set(key, { method: req.method ?? "", url: req.url ?? "", headers: headerObject(req), body });

    const handler = Object.hasOwn(handlers, path.scenario) ? handlers[path.scenario] : undefined;
    if (!handler) return json(res, 404, { error: "unknown_scenario", scenario: path.scenario, known: FAULT_SCENARIOS });
    const request: FaultRequest = { req, res, ...path, wellKnown: path.wellKnown, query: url.searchParams, n, body, origin, later };
    return handler(request);
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
  origin = `http://127.0.0.1:${port}`;

  let closed: Promise<void> | undefined;
  return {
    url: origin,
    count: (scenario, id) => counts.get(`${scenario}/${id}`) ?? 0,
    setCredentials: (id, given) => credentials.set(id, { clientId: given.clientId, clientSecrets: [...given.clientSecrets] }),
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
