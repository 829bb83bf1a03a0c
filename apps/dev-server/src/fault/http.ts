import type { IncomingMessage, ServerResponse } from "node:http";

/** The content type of every JSON answer. */
export const JSON_TYPE = "application/json; charset=utf-8";
/** The content type of the HTML answers (a login page, an error page). */
export const HTML_TYPE = "text/html; charset=utf-8";
const MAX_RECORDED_BODY = 1024 * 1024;

/** One request to a scenario, with what every scenario needs to answer it. */
export interface FaultRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** The first path segment. */
  scenario: string;
  /** The rest of the path (a `/.well-known/...` part removed), so one id covers a discovery and its redirects. */
  id: string;
  query: URLSearchParams;
  /** How many requests `<scenario>/<id>` has had, this one included. */
  n: number;
  /** The request body as text. */
  body: string;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** `openid-configuration` or `oauth-authorization-server` when the path asks for metadata. */
  wellKnown: string | undefined;
  /** Whether the path ends with `/`. */
  trailingSlash: boolean;
  /** Runs `fn` after `ms` unless the server closes first. */
  later(ms: number, fn: () => void): void;
}

/** What a scenario does with a request. */
export type ScenarioHandler = (request: FaultRequest) => void | Promise<void>;

/** A non-negative integer query parameter, or `fallback` when absent or not one. */
export function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
}

/** A whole response with a known length. */
export function write(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "content-type": contentType,
    "cache-control": "no-store",
    "content-length": String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

/** A JSON response. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  write(res, status, JSON_TYPE, JSON.stringify(body), headers);
}

/** The token every successful scenario answers: `tok-<n>`, Bearer, `expires_in` from `?ttl` (default 3600). */
export function tokenBody({ n, query }: FaultRequest): { access_token: string; token_type: string; expires_in: number } {
  return { access_token: `tok-${n}`, token_type: "Bearer", expires_in: intParam(query, "ttl", 3600) };
}

/** Answers {@link tokenBody} with 200, plus `headers`. */
export function sendToken(request: FaultRequest, headers: Record<string, string> = {}): void {
  json(request.res, 200, tokenBody(request), headers);
}

/** A 400 for a test that asked for something this server cannot do, saying which parameter is wrong. */
export function badParameter(res: ServerResponse, name: string, expected: string): void {
  json(res, 400, { error: "fault_server_bad_parameter", parameter: name, expected });
}

/** The body as text (at most 1 MiB kept). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (size < MAX_RECORDED_BODY) chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString("utf8").slice(0, MAX_RECORDED_BODY);
}

/** The request headers with lowercase names, repeated ones joined with `, `. */
export function headerObject(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}
