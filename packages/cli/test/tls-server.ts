/**
 * An https token endpoint with a certificate made for the test by openssl — what neither dev server can be:
 * the doctor's TLS explanations need a real handshake with a certificate this machine does not trust.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TlsServer {
  url: string;
  /** The certificate, PEM: trusting it (NODE_EXTRA_CA_CERTS) makes the handshake verify. */
  certPath: string;
  close(): Promise<void>;
}

/** Starts an https server on 127.0.0.1 whose self-signed certificate names `names` (subjectAltName syntax). */
export async function startTlsServer(names: string, days = 30): Promise<TlsServer> {
  const dir = await mkdtemp(join(tmpdir(), "occ-cli-tls-"));
  const [keyPath, certPath] = [join(dir, "key.pem"), join(dir, "cert.pem")];
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", String(days),
    "-subj", "/CN=occ test", "-addext", `subjectAltName=${names}`, "-keyout", keyPath, "-out", certPath,
  ], { stdio: "pipe" });
  const server = createServer({ key: await readFile(keyPath), cert: await readFile(certPath) }, (req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify({ access_token: "tls-token", token_type: "Bearer", expires_in: 600 }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `https://127.0.0.1:${port}/token`,
    certPath,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
