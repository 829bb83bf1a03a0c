import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify } from "jose";
import type { JWTPayload } from "jose";
import { DEFAULT_AUDIENCE, type PublicJwk } from "./clients.ts";
import { DPOP_ALGS, DpopVerifier } from "./dpop-verifier.ts";
import type { DpopRefusal } from "./dpop-verifier.ts";
import { listenOnLoopback } from "./listen.ts";
import { certificateBindingProblem } from "./mtls/binding.ts";
import { createTlsServer, type TlsServerOptions } from "./mtls/tls-server.ts";

export interface ProtectedApiOptions {
  /** Expected `iss` (the auth server's issuer). */
  issuer: string;
  /** JWKS used to verify the access-token signature. */
  jwksUrl?: string;
  /** The keys themselves, instead of `jwksUrl` (an mTLS auth server's `jwks`: its JWKS URL wants a client certificate). */
  jwks?: { keys: PublicJwk[] };
  /** Expected `aud`; default `DEFAULT_AUDIENCE` (`http://127.0.0.1/api`). */
  audience?: string;
  /** TCP port; default 0 (ephemeral). */
  port?: number;
  /** Called with one line per request. Quiet when absent. */
  log?: (line: string) => void;
  /** Answer DPoP requests without the API's nonce with `401 use_dpop_nonce` (RFC 9449 §9). Default false. */
  dpopNonce?: boolean;
  /**
   * Serve HTTPS and ask for a client certificate (not required): a certificate-bound token (`cnf.x5t#S256`) is
   * accepted only over a connection that presented that certificate, else `401 invalid_token`.
   */
  tls?: TlsServerOptions;
}

export interface ProtectedApi {
  /** Base URL, e.g. `http://127.0.0.1:9401` (routes: `/data`, `/public`). */
  url: string;
  /** Number of requests received since start or the last `resetCounters()`. */
  requests(): number;
  resetCounters(): void;
  /** Test hook: answer 401 invalid_token to the next `n` requests that carry an otherwise valid token. */
  rejectNext(n?: number): void;
  /** Switches the DPoP nonce requirement; switching it on makes a new nonce, so clients must learn it again. */
  requireDpopNonce(required: boolean): void;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "access-control-allow-origin": "*",
    "access-control-expose-headers": "WWW-Authenticate, DPoP-Nonce",
    ...headers,
  });
  res.end(text);
}

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}

function invalidToken(res: ServerResponse, description: string): void {
  send(res, 401, { error: "invalid_token", error_description: description }, {
    "www-authenticate": `Bearer error="invalid_token", error_description=${quote(description)}`,
  });
}

function dpopRefused(res: ServerResponse, refusal: DpopRefusal): void {
  const challenge = `DPoP error="${refusal.error}", error_description=${quote(refusal.description)}, algs="${DPOP_ALGS.join(" ")}"`;
  send(res, 401, { error: refusal.error, error_description: refusal.description }, {
    "www-authenticate": challenge,
    ...(refusal.nonce === undefined ? {} : { "dpop-nonce": refusal.nonce }),
  });
}

function insufficientScope(res: ServerResponse, scope: string): void {
  send(res, 403, { error: "insufficient_scope", scope }, {
    "www-authenticate": `Bearer error="insufficient_scope", scope=${quote(scope)}`,
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error("body too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** `Authorization: Bearer <token>` or `DPoP <token>` (RFC 6750 §2.1, RFC 9449 §7.1). */
function accessToken(req: IncomingMessage): { scheme: "bearer" | "dpop"; token: string } | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^(Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  return match ? { scheme: match[1]!.toLowerCase() as "bearer" | "dpop", token: match[2]! } : undefined;
}

export async function startProtectedApi(options: ProtectedApiOptions): Promise<ProtectedApi> {
  const audience = options.audience ?? DEFAULT_AUDIENCE;
  if ((options.jwks === undefined) === (options.jwksUrl === undefined)) throw new TypeError("give jwksUrl or jwks");
  const jwks = options.jwks ? createLocalJWKSet(options.jwks as Parameters<typeof createLocalJWKSet>[0]) : createRemoteJWKSet(new URL(options.jwksUrl!), { cooldownDuration: 0 });
  const scheme = options.tls ? "https" : "http";
  const log = options.log;
  let requestCount = 0;
  let rejectBudget = 0;
  const dpop = new DpopVerifier();
  dpop.requireNonce(options.dpopNonce ?? false);

  async function authenticate(req: IncomingMessage, res: ServerResponse, requiredScope: string): Promise<JWTPayload | undefined> {
    const credentials = accessToken(req);
    if (!credentials) {
      invalidToken(res, req.headers.authorization ? "malformed Authorization header" : "missing bearer token");
      return undefined;
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(credentials.token, jwks, { issuer: options.issuer, audience }));
    } catch (err) {
      invalidToken(res, `token rejected: ${(err as Error).message}`);
      return undefined;
    }
    const bindingProblem = certificateBindingProblem(payload, req.socket);
    if (bindingProblem) {
      invalidToken(res, bindingProblem);
      return undefined;
    }
    if (credentials.scheme === "dpop") {
      // Node joins repeated headers with ", "; a proof (a JWT) has no comma, so a comma means more than one.
      const proof = req.headers.dpop as string | undefined;
      const url = `${scheme}://${req.headers.host}${req.url ?? "/"}`;
      const refusal = proof?.includes(",")
        ? { error: "invalid_dpop_proof" as const, description: "more than one DPoP header" }
        : await dpop.verify({ method: req.method ?? "GET", url, proof, accessToken: credentials.token, claims: payload });
      if (refusal) {
        dpopRefused(res, refusal);
        return undefined;
      }
    } else if ((payload.cnf as { jkt?: unknown } | undefined)?.jkt !== undefined) {
      invalidToken(res, "a DPoP-bound token must be sent as Authorization: DPoP with a proof");
      return undefined;
    }
    if (rejectBudget > 0) {
      rejectBudget--;
      invalidToken(res, "token rejected by test hook (rejectNext)");
      return undefined;
    }
    const scopes = typeof payload.scope === "string" ? payload.scope.split(" ") : [];
    if (!scopes.includes(requiredScope)) {
      insufficientScope(res, requiredScope);
      return undefined;
    }
    return payload;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "access-control-allow-origin": "*",
        "access-control-allow-methods": "GET, POST",
        "access-control-allow-headers": "authorization, content-type, dpop",
        "access-control-max-age": "600",
      });
      res.end();
      return;
    }
    if (path === "/public") {
      if (req.method !== "GET") return send(res, 405, { error: "method_not_allowed" }, { allow: "GET" });
      return send(res, 200, { ok: true, public: true });
    }
    if (path === "/data") {
      if (req.method === "GET") {
        const claims = await authenticate(req, res, "read:data");
        if (!claims) return;
        return send(res, 200, {
          ok: true,
          sub: claims.sub,
          client_id: claims.client_id,
          scope: claims.scope,
          aud: claims.aud,
          data: [
            { id: 1, name: "alpha" },
            { id: 2, name: "beta" },
            { id: 3, name: "gamma" },
          ],
        });
      }
      if (req.method === "POST") {
        const claims = await authenticate(req, res, "write:data");
        if (!claims) return;
        let raw: string;
        try {
          raw = await readBody(req);
        } catch {
          return send(res, 413, { error: "payload_too_large" });
        }
        let received: unknown = raw;
        if ((req.headers["content-type"] ?? "").includes("json") && raw !== "") {
          try {
            received = JSON.parse(raw);
          } catch {
            return send(res, 400, { error: "invalid_json" });
          }
        }
        return send(res, 200, { ok: true, sub: claims.sub, scope: claims.scope, received });
      }
      return send(res, 405, { error: "method_not_allowed" }, { allow: "GET, POST" });
    }
    send(res, 404, { error: "not_found" });
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    requestCount++;
    if (log) res.on("finish", () => log(`[api] ${req.method} ${req.url} -> ${res.statusCode}`));
    handle(req, res).catch((err: unknown) => {
      log?.(`[api] error: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) send(res, 500, { error: "server_error" });
      else res.destroy();
    });
  };
  const server = options.tls ? createTlsServer(options.tls, listener, false) : createServer(listener);

  const port = await listenOnLoopback(server, options.port);

  let closed: Promise<void> | undefined;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    requests: () => requestCount,
    resetCounters: () => {
      requestCount = 0;
      rejectBudget = 0;
    },
    rejectNext: (n = 1) => {
      rejectBudget = n;
    },
    requireDpopNonce: (required) => dpop.requireNonce(required),
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
