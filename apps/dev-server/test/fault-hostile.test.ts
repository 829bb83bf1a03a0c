import { describe, expect, it } from "vitest";
import { QUOTA_STYLES, startFaultServer } from "../src/index.ts";
import { useFaultServer, uid } from "./fault-helpers.ts";
import { jwtPayload } from "./helpers.ts";

const { server, post } = useFaultServer();

/** The body as bytes and as the text a UTF-8 decoder makes of it. */
async function bytes(res: Response): Promise<{ raw: Buffer; text: string }> {
  const raw = Buffer.from(await res.arrayBuffer());
  return { raw, text: new TextDecoder().decode(raw) };
}

/** Seconds between an HTTP-date or Unix time and now. */
const fromNow = (date: number) => Math.round((date - Date.now()) / 1000);

describe("throttling and errors", () => {
  it.each([
    ["429-retry-after", 429],
    ["503-retry-after", 503],
  ])("%s: every request fails with the Retry-After the test chose, exactly as given", async (scenario, code) => {
    const id = uid();
    for (const value of ["7", "1.5", "-5", "+5", "5, 6", "Wed, 21 Oct 2015 07:28:00 GMT"]) {
      const res = await post(`/${scenario}/${id}?${new URLSearchParams({ "retry-after": value })}`);
      expect([res.status, res.headers.get("retry-after")]).toEqual([code, value]);
    }
    expect(server().count(scenario, id)).toBe(6);
    const dated = await post(`/${scenario}/${uid()}?retry-after-date=120`);
    expect(fromNow(Date.parse(dated.headers.get("retry-after")!))).toBeGreaterThan(110);
    expect(fromNow(Date.parse(dated.headers.get("retry-after")!))).toBeLessThanOrEqual(120);
  });

  it("429-retry-after with ?n= fails n times, then answers a token", async () => {
    const id = uid();
    expect((await post(`/429-retry-after/${id}?n=2`)).status).toBe(429);
    expect((await post(`/429-retry-after/${id}?n=2`)).status).toBe(429);
    expect(await (await post(`/429-retry-after/${id}?n=2`)).json()).toMatchObject({ access_token: "tok-3" });
  });

  it("5xx-always, invalid-client and 403-empty never succeed", async () => {
    const id = uid();
    for (let i = 0; i < 3; i++) expect((await post(`/5xx-always/${id}?status=502`)).status).toBe(502);
    expect((await post(`/5xx-always/${uid()}`)).status).toBe(500);
    expect((await post(`/5xx-always/${uid()}?status=200`)).status).toBe(400);
    const invalid = await post(`/invalid-client/${uid()}`);
    expect([invalid.status, ((await invalid.json()) as { error: string }).error]).toEqual([401, "invalid_client"]);
    const forbidden = await post(`/403-empty/${uid()}`);
    expect([forbidden.status, forbidden.headers.get("content-type"), await forbidden.text()]).toEqual([403, null, ""]);
  });
});

describe("unsafe token responses", () => {
  it.each([
    ["token-crlf", "tok-1\r\nx-injected: 1"],
    ["token-nul", "tok-1\u0000x"],
    ["token-non-ascii", "tok-1-é"],
    ["token-non-ascii?char=7f", "tok-1-\u007f"],
    ["token-non-ascii?char=2028", "tok-1-\u2028"],
    ["token-whitespace", " tok-1 "],
  ])("%s: access_token %j", async (path, expected) => {
    const [scenario, query = ""] = path.split("?");
    const body = (await (await post(`/${scenario}/${uid()}${query ? `?${query}` : ""}`)).json()) as Record<string, unknown>;
    expect(body).toEqual({ access_token: expected, token_type: "Bearer", expires_in: 3600 });
  });

  it("token-invalid-utf8 sends bytes that are not UTF-8 inside the token", async () => {
    const { raw, text } = await bytes(await post(`/token-invalid-utf8/${uid()}`));
    expect(raw.includes(Buffer.from([0x2d, 0xff, 0xfe, 0x22]))).toBe(true);
    expect(JSON.parse(text).access_token).toBe("tok-1-\ufffd\ufffd");
  });

  it("token-type and expires-in send the test's value as it is", async () => {
    for (const type of ["mac", "N_A", "DPoP", "bearer"]) {
      expect(await (await post(`/token-type/${uid()}?type=${type}`)).json()).toMatchObject({ token_type: type });
    }
    for (const [value, parsed] of [["1e308", 1e308], ['"1e308"', "1e308"], ["-5", -5]] as const) {
      const { text } = await bytes(await post(`/expires-in/${uid()}?${new URLSearchParams({ value })}`));
      expect(text).toContain(`"expires_in":${value}}`);
      expect(JSON.parse(text).expires_in).toBe(parsed);
    }
    expect((await post(`/expires-in/${uid()}?value=soon`)).status).toBe(400);
  });

  it("jwt-exp: a JWT access token with the test's exp and no expires_in", async () => {
    const body = (await (await post(`/jwt-exp/${uid()}`)).json()) as Record<string, string>;
    expect(body.expires_in).toBeUndefined();
    expect(jwtPayload(body.access_token!).exp).toBe(1e308);
    const small = (await (await post(`/jwt-exp/${uid()}?exp=-1`)).json()) as Record<string, string>;
    expect(jwtPayload(small.access_token!).exp).toBe(-1);
  });
});

describe("successful responses with extra headers", () => {
  it("ok-quota sends every quota style by default, with the test's numbers", async () => {
    const res = await post(`/ok-quota/${uid()}?limit=50&remaining=3&reset=600`);
    expect(res.status).toBe(200);
    expect(res.headers.get("auth0-client-quota-limit")).toBe("b=per_hour;q=50;r=3;t=600");
    expect(res.headers.get("auth0-organization-quota-limit")).toBe("b=per_hour;q=50;r=3;t=600");
    expect([res.headers.get("ratelimit-limit"), res.headers.get("ratelimit-remaining"), res.headers.get("ratelimit-reset")]).toEqual(["50", "3", "600"]);
    expect([res.headers.get("x-ratelimit-limit"), res.headers.get("x-ratelimit-remaining")]).toEqual(["50", "3"]);
    expect(fromNow(Number(res.headers.get("x-ratelimit-reset")) * 1000)).toBeGreaterThan(590); // Unix seconds
  });

  it("ok-quota ?style= picks one style, and refuses an unknown one", async () => {
    expect(QUOTA_STYLES).toContain("auth0-org");
    const org = await post(`/ok-quota/${uid()}?style=auth0-org`);
    expect(org.headers.get("auth0-organization-quota-limit")).toBe("b=per_hour;q=100;r=99;t=3600");
    expect([org.headers.get("auth0-client-quota-limit"), org.headers.get("ratelimit-limit")]).toEqual([null, null]);
    expect((await post(`/ok-quota/${uid()}?style=github`)).status).toBe(400);
  });

  it("ok-date-skew moves the Date header by ?seconds=", async () => {
    for (const seconds of [-3600, 300]) {
      const res = await post(`/ok-date-skew/${uid()}?seconds=${seconds}`);
      expect(Math.abs(fromNow(Date.parse(res.headers.get("date")!)) - seconds)).toBeLessThanOrEqual(2);
      expect(((await res.json()) as { access_token: string }).access_token).toBe("tok-1");
    }
  });
});

describe("bodies that never end", () => {
  it("body-trickle sends headers and keeps sending bytes until the server closes", async () => {
    const own = await startFaultServer();
    const res = await fetch(`${own.url}/body-trickle/${uid()}?ms=5`, { method: "POST" });
    expect([res.status, res.headers.get("content-type")]).toEqual([200, "application/json; charset=utf-8"]);
    const reader = res.body!.getReader();
    let received = "";
    while (received.length < 22) {
      const { done, value } = await reader.read();
      expect(done).toBe(false);
      received += new TextDecoder().decode(value);
    }
    expect(received).toMatch(/^\{"access_token":"a{5,}/);
    await own.close();
    await expect(readToEnd(reader)).rejects.toThrow(); // cut off, never a complete body
  });
});

async function readToEnd(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  while (!(await reader.read()).done);
}
