/** HTTPS servers that ask every client for a certificate (RFC 8705), on loopback. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";

/** The server's own certificate and key, and the CA whose client certificates count as verified (PEM text). */
export interface TlsServerOptions {
  cert: string;
  key: string;
  ca: string;
}

/**
 * An HTTPS server that requests a client certificate on every connection. Any certificate completes the handshake
 * (a self-signed one must reach oidc-provider, which decides), and `socket.authorized` says whether it chains to `ca`.
 * With `requireCertificate`, a connection that presented none is closed as soon as the handshake ends: the client
 * sees the connection drop before any HTTP answer.
 */
export function createTlsServer(
  tls: TlsServerOptions,
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  requireCertificate: boolean,
): Server {
  const server = createServer({ cert: tls.cert, key: tls.key, ca: tls.ca, requestCert: true, rejectUnauthorized: false }, listener);
  if (requireCertificate) {
    server.on("secureConnection", (socket) => {
      if (socket.getPeerX509Certificate() === undefined) socket.destroy();
    });
  }
  return server;
}
