/**
 * wrapFetch over real HTTP, against a small scripted server for the answers oidc-provider and the protected API
 * cannot be made to give (a server that challenges forever, a 400 that is not a nonce challenge, …).
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dpopKey } from "../src/index.ts";

interface Seen {
  method: string;
  path: string;
  dpop: Record<string, unknown>;
  body: string;
}

let server: Server;
let base: string;
const seen: Seen[] = [];
let counter = 0;

type Answer = { status: number; headers?: Record<string, string>; body?: unknown };
// Each scripted path answers by how many requests it has had (0 = first).
const SCRIPTS: Record<string, (n: number) => Answer> = {
  "/ok": () => ({ status: 200 }),
  "/always-nonce": (n) => ({ status: 401, headers: { "www-authenticate": 'DPoP error="use_dpop_nonce"', "dpop-nonce": `n-${n}` } }),
  "/token-nonce": (n) => (n === 0 ? { status: 400, headers: { "dpop-nonce": "t-1" }, body: { error: "use_dpop_nonce" } } : { status: 200 }),
  "/echo-after-nonce": (n) => (n === 0 ? { status: 401, headers: { "www-authenticate": 'DPoP error="use_dpop_nonce"', "dpop-nonce": "e-1" } } : { status: 200 }),
  "/400-other": () => ({ status: 400, headers: { "dpop-nonce": "o-1" }, body: { error: "invalid_request" } }),
  "/401-invalid-token": () => ({ status: 401, headers: { "www-authenticate": 'DPoP error="invalid_token"', "dpop-nonce": "i-1" } }),
  "/401-bearer-nonce": () => ({ status: 401, headers: { "www-authenticate": 'Bearer error="use_dpop_nonce"', "dpop-nonce": "b-1" } }),
  "/401-no-nonce": () => ({ status: 401, headers: { "www-authenticate": 'DPoP error="use_dpop_nonce"' } }),
};
const hits = new Map<string, number>();

async function readBody(req: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of req) body += chunk;
  return body;
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url!, "http://127.0.0.1");
    const key = url.pathname.split("/").slice(0, -1).join("/") || url.pathname; // /<script>/<id>
    const body = await readBody(req);
    seen.push({ method: req.method!, path: url.pathname, dpop: decodeJwt(String(req.headers.dpop)), body });
    const n = hits.get(url.pathname) ?? 0;
    hits.set(url.pathname, n + 1);
    const answer = (SCRIPTS[key] ?? SCRIPTS["/ok"]!)(n);
    res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
    res.end(JSON.stringify(answer.body ?? { ok: true, received: body }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** A fresh path under `script`, and the requests it received. */
function path(script: string) {
  const at = `${script}/${++counter}`;
  return { url: `${base}${at}`, requests: () => seen.filter((request) => request.path === at) };
}

describe("wrapFetch", () => {
  it("adds a proof for the request's method and URL, with ath only for Authorization: DPoP", async () => {
    const fetch = (await dpopKey()).wrapFetch(globalThis.fetch);
    const target = path("/ok");
    await fetch(`${target.url}?q=1#f`, { method: "put", headers: { authorization: "DPoP tok" }, body: "x" });
    await fetch(new URL(target.url), { headers: { authorization: "Bearer tok" } });
    const [first, second] = target.requests();
    expect(first!.dpop).toMatchObject({ htm: "PUT", htu: target.url, ath: createHash("sha256").update("tok").digest("base64url") });
    expect(second!.dpop).toMatchObject({ htm: "GET", htu: target.url });
    expect(second!.dpop).not.toHaveProperty("ath");
  });

  it("answers a 401 DPoP use_dpop_nonce challenge exactly once, with the new nonce", async () => {
    const fetch = (await dpopKey()).wrapFetch(globalThis.fetch);
    const target = path("/always-nonce");
    const response = await fetch(target.url);
    expect(response.status).toBe(401);
    expect(response.headers.get("dpop-nonce")).toBe("n-1");
    const [first, retry, ...more] = target.requests();
    expect(first!.dpop).not.toHaveProperty("nonce");
    expect(retry!.dpop.nonce).toBe("n-0");
    expect(retry!.dpop.jti).not.toBe(first!.dpop.jti);
    expect(more).toEqual([]);
  });

  it("answers a token endpoint's 400 use_dpop_nonce once, then sends the remembered nonce to the same origin", async () => {
    const dpop = await dpopKey();
    const fetch = dpop.wrapFetch(globalThis.fetch);
    const token = path("/token-nonce");
    const response = await fetch(token.url, { method: "POST", body: new URLSearchParams({ grant_type: "client_credentials" }) });
    expect(response.status).toBe(200);
    expect(token.requests().map((request) => [request.dpop.nonce, request.body])).toEqual([
      [undefined, "grant_type=client_credentials"],
      ["t-1", "grant_type=client_credentials"],
    ]);
    const next = path("/ok");
    await fetch(next.url);
    expect(next.requests()[0]!.dpop.nonce).toBe("t-1");
    expect(decodeJwt(await dpop.proof("GET", `${base}/elsewhere`)).nonce).toBe("t-1");
    expect(decodeJwt(await dpop.proof("GET", "http://localhost:1/")).nonce).toBeUndefined();
  });

  it.each([
    ["a 400 whose error is not use_dpop_nonce", "/400-other", 400],
    ["a 401 DPoP invalid_token", "/401-invalid-token", 401],
    ["a Bearer challenge naming use_dpop_nonce", "/401-bearer-nonce", 401],
    ["a DPoP challenge without a DPoP-Nonce header", "/401-no-nonce", 401],
  ])("does not retry %s", async (_name, script, status) => {
    const fetch = (await dpopKey()).wrapFetch(globalThis.fetch);
    const target = path(script);
    expect((await fetch(target.url)).status).toBe(status);
    expect(target.requests()).toHaveLength(1);
  });

  it("remembers a nonce from any response, and uses it for the next request", async () => {
    const fetch = (await dpopKey()).wrapFetch(globalThis.fetch);
    await fetch(path("/400-other").url);
    const next = path("/ok");
    await fetch(next.url);
    expect(next.requests()[0]!.dpop.nonce).toBe("o-1");
  });

  it.each([
    ["a string", () => ({ body: '{"a":1}' })],
    ["a ReadableStream", () => ({ body: new Blob(['{"a":1}']).stream(), duplex: "half" })],
    ["a Uint8Array", () => ({ body: new TextEncoder().encode('{"a":1}') })],
  ])("sends %s body again on the retry", async (_name, init) => {
    const fetch = (await dpopKey()).wrapFetch(globalThis.fetch);
    const target = path("/echo-after-nonce");
    const response = await fetch(target.url, { method: "POST", ...init() } as RequestInit);
    expect(await response.json()).toEqual({ ok: true, received: '{"a":1}' });
    expect(target.requests().map((request) => [request.dpop.nonce, request.body])).toEqual([
      [undefined, '{"a":1}'],
      ["e-1", '{"a":1}'],
    ]);
  });

  it("sends a Request object's body and headers again on the retry", async () => {
    const fetch = (await dpopKey()).wrapFetch(globalThis.fetch);
    const target = path("/echo-after-nonce");
    const request = new Request(target.url, { method: "POST", body: "from a Request", headers: { authorization: "DPoP tok" } });
    const response = await fetch(request);
    expect(await response.json()).toEqual({ ok: true, received: "from a Request" });
    const [first, retry] = target.requests();
    expect([first!.body, retry!.body]).toEqual(["from a Request", "from a Request"]);
    expect(retry!.dpop).toMatchObject({ htm: "POST", nonce: "e-1", ath: first!.dpop.ath });
  });
});
