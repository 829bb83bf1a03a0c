import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAULT_SCENARIOS, startFaultServer } from "../src/index.ts";
import type { FaultServer } from "../src/index.ts";
import { request } from "node:http";

let fault: FaultServer;
let seq = 0;
const uid = () => `t${++seq}-${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  fault = await startFaultServer();
});
afterAll(async () => {
  await fault.close();
});

function post(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${fault.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
    redirect: "manual",
    ...init,
  });
}

async function count(scenario: string, id: string): Promise<number> {
  return ((await (await fetch(`${fault.url}/__count/${scenario}/${id}`)).json()) as { count: number }).count;
}

describe("startFaultServer", () => {
  it("ok: token body with per-path counter and ?ttl", async () => {
    const id = uid();
    const r1 = await post(`/ok/${id}`);
    expect(r1.status).toBe(200);
    expect(r1.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await r1.json()).toEqual({ access_token: "tok-1", token_type: "Bearer", expires_in: 3600 });
    expect(await (await post(`/ok/${id}?ttl=5`)).json()).toEqual({ access_token: "tok-2", token_type: "Bearer", expires_in: 5 });
    expect(await count("ok", id)).toBe(2);
    expect(fault.count("ok", id)).toBe(2);
    expect(await count("ok", uid())).toBe(0);
  });

  it("__last records method, lowercase headers and the raw body", async () => {
    const id = uid();
    expect((await fetch(`${fault.url}/__last/ok/${id}`)).status).toBe(404);
    await post(`/ok/${id}`, { headers: { Authorization: "Basic abc", "Content-Type": "application/x-www-form-urlencoded" }, body: "a=b+c&d=%2B" });
    const last = (await (await fetch(`${fault.url}/__last/ok/${id}`)).json()) as any;
    expect(last.method).toBe("POST");
    expect(last.headers.authorization).toBe("Basic abc");
    expect(last.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(last.body).toBe("a=b+c&d=%2B");
  });

  it("ok variants", async () => {
    expect(((await (await post(`/ok-string-expires/${uid()}`)).json()) as any).expires_in).toBe("3600");
    expect("expires_in" in ((await (await post(`/ok-no-expires/${uid()}`)).json()) as any)).toBe(false);
    expect(((await (await post(`/ok-lowercase-bearer/${uid()}`)).json()) as any).token_type).toBe("bearer");
    const started = Date.now();
    expect((await post(`/ok-slow/${uid()}?ms=200`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it.each([
    ["fail-then-ok", 503],
    ["429-then-ok", 429],
    ["408-then-ok", 408],
  ])("%s fails ?n= times then succeeds", async (scenario, status) => {
    const id = uid();
    const first = await post(`/${scenario}/${id}?n=2`);
    expect(first.status).toBe(status);
    if (scenario === "429-then-ok") expect(first.headers.get("retry-after")).toBe("1");
    expect((await post(`/${scenario}/${id}?n=2`)).status).toBe(status);
    const ok = await post(`/${scenario}/${id}?n=2`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as any).access_token).toBe("tok-3");
    expect(fault.count(scenario, id)).toBe(3);
  });

  it("reset-then-ok destroys the first socket without a response", async () => {
    const id = uid();
    await expect(post(`/reset-then-ok/${id}`)).rejects.toThrow();
    expect((await post(`/reset-then-ok/${id}`)).status).toBe(200);
    expect(fault.count("reset-then-ok", id)).toBe(2);
  });

  it("redirect is a 302 to /ok/<id> that a manual-redirect client does not follow", async () => {
    const id = uid();
    const res = await post(`/redirect/${id}`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/ok/${id}`);
    expect(fault.count("ok", id)).toBe(0);
  });

  it("oversized streams at least 2 MiB of JSON", async () => {
    const res = await post(`/oversized/${uid()}`);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThanOrEqual(2 * 1024 * 1024);
  });

  it("malformed bodies", async () => {
    const html = await post(`/html/${uid()}`);
    expect([html.status, html.headers.get("content-type")]).toEqual([200, "text/html; charset=utf-8"]);
    expect(await html.text()).toMatch(/^<html>/);
    expect(await (await post(`/truncated/${uid()}`)).text()).toBe('{"access_token":"ab');
    expect(await (await post(`/array/${uid()}`)).text()).toBe("[]");
    expect(await (await post(`/wrong-types/${uid()}`)).json()).toEqual({ access_token: 123, token_type: "Bearer" });
    expect("token_type" in ((await (await post(`/no-token-type/${uid()}`)).json()) as any)).toBe(false);
    const empty = await post(`/empty/${uid()}`);
    expect([empty.status, empty.headers.get("content-type"), await empty.text()]).toEqual([200, "application/json; charset=utf-8", ""]);
  });

  it("error responses", async () => {
    const e400 = await post(`/oauth-error/${uid()}`);
    expect(e400.status).toBe(400);
    expect(e400.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await e400.json()).toEqual({ error: "invalid_client", error_description: "Client authentication failed" });
    const e401 = await post(`/oauth-error-401/${uid()}`);
    expect(e401.status).toBe(401);
    expect(e401.headers.get("www-authenticate")).toMatch(/^Basic/);
    const e500 = await post(`/error-html/${uid()}`);
    expect([e500.status, e500.headers.get("content-type")]).toEqual([500, "text/html; charset=utf-8"]);
  });

  it("api scenarios", async () => {
    const id = uid();
    const headers = { authorization: "Bearer tok-1", "content-type": "application/json" };
    const first = await post(`/api-401-then-ok/${id}`, { headers, body: '{"x":1}' });
    expect(first.status).toBe(401);
    expect(first.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    const second = await post(`/api-401-then-ok/${id}`, { headers: { ...headers, authorization: "Bearer tok-2" }, body: '{"x":1}' });
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ ok: true, auth: "Bearer tok-2", dpop: null, method: "POST", body: '{"x":1}' });
    const always = uid();
    for (let i = 0; i < 3; i++) expect((await post(`/api-401-always/${always}`, { headers })).status).toBe(401);
    const echo = await fetch(`${fault.url}/api-echo/${uid()}`, { headers: { authorization: "DPoP e", dpop: "proof.jwt.x" } });
    expect(await echo.json()).toEqual({ ok: true, auth: "DPoP e", dpop: "proof.jwt.x", method: "GET", body: "" });
  });

  it("unknown scenario is a JSON 404", async () => {
    const res = await post(`/nope/${uid()}`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).known).toEqual([...FAULT_SCENARIOS]);
  });

  it("hang never answers and close() releases the socket", async () => {
    const own = await startFaultServer();
    const id = uid();
    const outcome = new Promise<string>((resolve) => {
      const req = request(`${own.url}/hang/${id}`, { method: "POST" }, () => resolve("response"));
      req.on("error", (err) => resolve(`error:${(err as NodeJS.ErrnoException).code}`));
      req.end("x=1");
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(own.count("hang", id)).toBe(1);
    const closedAt = Date.now();
    await own.close();
    expect(Date.now() - closedAt).toBeLessThan(1000);
    expect(await outcome).toBe("error:ECONNRESET");
  });

  it("fetch with an AbortSignal gives up on hang", async () => {
    await expect(post(`/hang/${uid()}`, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
  });
});
