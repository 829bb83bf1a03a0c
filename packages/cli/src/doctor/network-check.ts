import { lookup } from "node:dns/promises";
import { isIP, connect as tcpConnect } from "node:net";
import { connect as tlsConnect, type PeerCertificate } from "node:tls";
import { type CheckResult, result } from "./check.js";
import { explainCertificateError } from "./tls-advice.js";

const CONNECT_TIMEOUT_MS = 5_000;
const EXPIRY_WARNING_MS = 14 * 86_400_000;

function portOf(url: URL): number {
  return url.port !== "" ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
}

const DNS_ADVICE: Record<string, string> = {
  ENOTFOUND: "The name does not exist in DNS: check the URL's spelling — or you need a VPN or an /etc/hosts entry to see it.",
  EAI_AGAIN: "DNS did not answer: check this machine's resolver (/etc/resolv.conf) and network.",
};

const TCP_ADVICE: Record<string, string> = {
  ECONNREFUSED: "Nothing listens there: check the port, and that the server runs.",
  ETIMEDOUT: "No answer: a firewall is probably dropping the traffic, or the address is wrong.",
  EHOSTUNREACH: "No route to that host: check the network, VPN or proxy.",
  ENETUNREACH: "No route to that network: check the network, VPN or proxy.",
};

async function resolve(url: URL): Promise<{ address: string } | CheckResult> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) !== 0) return { address: host };
  try {
    const [first] = await lookup(host, { all: true });
    return { address: first!.address };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown";
    return result("reachability", "fail", `${host} does not resolve (${code})`, DNS_ADVICE[code] ?? "Check the host name and this machine's DNS.", true);
  }
}

function connectTcp(address: string, port: number): Promise<string | undefined> {
  return new Promise((done) => {
    const socket = tcpConnect({ host: address, port, timeout: CONNECT_TIMEOUT_MS });
    const finish = (code: string | undefined) => {
      socket.destroy();
      done(code);
    };
    socket.once("connect", () => finish(undefined));
    socket.once("timeout", () => finish("ETIMEDOUT"));
    socket.once("error", (error: NodeJS.ErrnoException) => finish(error.code ?? "unknown"));
  });
}

/** DNS and TCP to the URL's host and port, then the TLS check for `https:`. */
export async function checkReachability(url: URL, label: string): Promise<CheckResult[]> {
  const resolved = await resolve(url);
  if ("verdict" in resolved) return [resolved];
  const port = portOf(url);
  const code = await connectTcp(resolved.address, port);
  const where = `${url.hostname} (${resolved.address}) port ${port}`;
  if (code !== undefined) {
    return [result("reachability", "fail", `${label}: cannot connect to ${where} (${code})`, TCP_ADVICE[code] ?? "Check the URL, the network and any proxy.", true)];
  }
  const reach = result("reachability", "ok", `${label}: ${where} accepts connections`);
  if (url.protocol !== "https:") return [reach, result("TLS", "skip", `${label}: http: on loopback, nothing to encrypt or check`)];
  return [reach, await checkTls(url, resolved.address, port, label)];
}

function handshake(url: URL, address: string, port: number): Promise<{ authorizationError?: string; cert?: PeerCertificate; protocol?: string } | { failed: string }> {
  return new Promise((done) => {
    const servername = isIP(url.hostname.replace(/^\[|\]$/g, "")) === 0 ? url.hostname : undefined;
    const socket = tlsConnect({ host: address, port, servername, rejectUnauthorized: false, timeout: CONNECT_TIMEOUT_MS });
    socket.once("secureConnect", () => {
      const cert = socket.getPeerCertificate();
      const error = socket.authorizationError;
      const code = error === null || error === undefined ? undefined : typeof error === "string" ? error : (error as Error & { code?: string }).code ?? error.message;
      done({ ...(code === undefined ? {} : { authorizationError: code }), cert, protocol: socket.getProtocol() ?? undefined });
      socket.destroy();
    });
    socket.once("timeout", () => {
      done({ failed: "ETIMEDOUT" });
      socket.destroy();
    });
    socket.once("error", (error: NodeJS.ErrnoException) => done({ failed: error.code ?? error.message }));
  });
}

async function checkTls(url: URL, address: string, port: number, label: string): Promise<CheckResult> {
  const outcome = await handshake(url, address, port);
  if ("failed" in outcome) {
    return result(
      "TLS",
      "fail",
      `${label}: the TLS handshake failed (${outcome.failed})`,
      "The port may not speak TLS (http:// rather than https://?), or a proxy intercepts it.",
      true,
    );
  }
  if (outcome.authorizationError !== undefined) {
    const { summary, advice } = explainCertificateError(outcome.authorizationError, outcome.cert, url.hostname);
    return result("TLS", "fail", `${label}: ${summary}`, advice, true);
  }
  const expires = outcome.cert?.valid_to === undefined ? Number.NaN : Date.parse(outcome.cert.valid_to);
  const summary = `${label}: ${outcome.protocol ?? "TLS"}, certificate valid for ${url.hostname} until ${outcome.cert?.valid_to ?? "?"}`;
  if (expires - Date.now() < EXPIRY_WARNING_MS) return result("TLS", "warn", summary, "The certificate expires within 14 days: the server must renew it.");
  return result("TLS", "ok", summary);
}
