import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createClient, defineStore, INVALID_TOKEN_RESPONSE, memoryStore, NETWORK_ERROR, OccError, TIMEOUT, type OccEvent, type StoredValue } from "../src/index.ts";
import { retryAfterMs } from "../src/source/retry-after.ts";
import { manualClock } from "./helpers.ts";

const SECRET = "h0stile+/:%&=~ secret";
const json = (body: unknown, init: ResponseInit = {}) => Response.json(body, init);
const base = { tokenUrl: "https://as.example/token", clientId: "c", clientSecret: SECRET, authMethod: "client_secret_post" as const, retries: 0 };

async function failureOf(promise: Promise<unknown>): Promise<OccError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(OccError);
  return error as OccError;
}

describe("only header-safe access tokens (RFC 6749 A.12: 1*VSCHAR)", () => {
  it.each([
    ["CR LF", "abc\r\nX-Injected: 1"],
    ["NUL", "abc\u0000def"],
    ["U+FFFD from invalid UTF-8", "abc\uFFFDdef"],
    ["a character above 0x7E", "abcé"],
    ["a leading space", " abc"],
    ["a trailing tab", "abc\t"],
  ])("%s → OCC_INVALID_TOKEN_RESPONSE, nothing cached, client.fetch throws only OccError", async (_name, accessToken) => {
    const clock = manualClock();
    let requests = 0;
    const client = createClient({
      ...base,
      now: clock.now,
      fetch: async () => (requests++, json({ access_token: accessToken, token_type: "Bearer", expires_in: 3600 })),
    });
    expect((await failureOf(client.getToken())).code).toBe(INVALID_TOKEN_RESPONSE);
    clock.advance(61_000);
    expect(await failureOf(client.fetch("https://api.example/data"))).toBeInstanceOf(OccError);
    expect(requests).toBe(2);
  });

  it("raw invalid UTF-8 bytes in the body are refused too", async () => {
    const body = new Uint8Array([...new TextEncoder().encode('{"access_token":"ab'), 0xff, 0xfe, ...new TextEncoder().encode('","token_type":"Bearer"}')]);
    const client = createClient({ ...base, fetch: async () => new Response(body, { headers: { "content-type": "application/json" } }) });
    expect((await failureOf(client.getToken())).code).toBe(INVALID_TOKEN_RESPONSE);
  });
});

describe("token types (RFC 6749 §7.1)", () => {
  it.each(["mac", "N_A", "DPoP", ""])("refuses %j when the client is not configured for it", async (tokenType) => {
    const client = createClient({ ...base, fetch: async () => json({ access_token: "t", token_type: tokenType }) });
    expect((await failureOf(client.getToken())).code).toBe(INVALID_TOKEN_RESPONSE);
  });

  it("a Bearer answer to a DPoP client says how to accept it", async () => {
    const dpop = { tokenTypes: ["dpop"], thumbprint: "jkt", wrapFetch: (inner: typeof fetch) => inner };
    const client = createClient({ ...base, dpop, fetch: async () => json({ access_token: "t", token_type: "Bearer" }) });
    expect((await failureOf(client.getToken())).message).toContain("dpopKey({ allowBearer: true })");
  });

  it.each(["bearer", "BEARER", "Bearer"])("accepts %j as Bearer", async (tokenType) => {
    const client = createClient({ ...base, fetch: async () => json({ access_token: "t", token_type: tokenType }) });
    expect((await client.getToken()).tokenType).toBe("Bearer");
  });
});

describe("finite, sane lifetimes", () => {
  const jwt = (exp: number) =>
    ['{"alg":"none"}', JSON.stringify({ exp })].map((part) => Buffer.from(part).toString("base64url")).join(".") + ".sig";

  it.each([
    ["expires_in 1e308", { expires_in: 1e308, access_token: "t" }],
    ["a JWT exp of 1e306 without expires_in", { access_token: jwt(1e306) }],
  ])("%s is clamped to 24 h, and the stored value is plain JSON that round-trips", async (_name, answer) => {
    const clock = manualClock();
    const stored: StoredValue[] = [];
    const inner = memoryStore();
    const store = defineStore({ get: (k) => inner.get(k), delete: (k) => inner.delete(k), set: (k, v, t) => (stored.push(v), inner.set(k, v, t)) });
    const client = createClient({ ...base, now: clock.now, store, fetch: async () => json({ token_type: "Bearer", ...answer }) });
    const token = await client.getToken();
    expect(token.expiresAt).toBe(clock.now() + 86_400_000);
    await new Promise((r) => setImmediate(r));
    expect(stored).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(stored[0]))).toEqual(stored[0]);
  });
});

describe("Retry-After is delay-seconds or an HTTP-date (RFC 9110 §10.2.3)", () => {
  const now = Date.parse("2026-11-30T12:00:00Z");
  it.each([
    ["5", 5_000],
    ["0", 0],
    ["Mon, 30 Nov 2026 12:00:30 GMT", 30_000],
    ["Monday, 30-Nov-26 12:00:30 GMT", 30_000],
    ["1.5", undefined],
    ["-5", undefined],
    ["+5", undefined],
    ["5, 6", undefined],
    ["soon", undefined],
    ["", undefined],
  ])("%j → %s", (header, expected) => {
    expect(retryAfterMs(header, now)).toBe(expected);
  });

  it("a malformed value falls back to backoff, not to a 0 ms retry", async () => {
    const events: OccEvent[] = [];
    let calls = 0;
    const client = createClient({
      ...base,
      retries: 1,
      onEvent: (e) => events.push(e),
      fetch: async () => (++calls === 1 ? new Response("busy", { status: 429, headers: { "retry-after": "5, 6" } }) : json({ access_token: "t", token_type: "Bearer" })),
    });
    await client.getToken();
    const retry = events.find((e) => e.type === "retry") as Extract<OccEvent, { type: "retry" }>;
    expect(retry.delayMs).toBeGreaterThanOrEqual(125);
    expect(retry.delayMs).toBeLessThanOrEqual(250);
  });
});

describe("a misbehaving fetch is a typed error", () => {
  it.each([
    ["undefined", undefined],
    ["status NaN", { status: Number.NaN, headers: new Headers() }],
    ["status 200.5", { status: 200.5, headers: new Headers() }],
    ["no headers", { status: 200 }],
  ])("a fetch resolving to %s → OCC_NETWORK_ERROR", async (_name, value) => {
    const client = createClient({ ...base, fetch: (async () => value) as unknown as typeof fetch });
    const error = await failureOf(client.getToken());
    expect(error.code).toBe(NETWORK_ERROR);
    expect(error.message).toContain("not a Response");
  });
});

describe("timeouts do not depend on the fetch honouring its signal", () => {
  it("a fetch that drops the signal and never answers times out, and later callers are not stuck with it", async () => {
    const client = createClient({ ...base, timeout: 50, fetch: () => new Promise<Response>(() => {}) });
    const error = await failureOf(client.getToken());
    expect(error.code).toBe(TIMEOUT);
    expect(error.message).toContain("50 ms");
  });

  it("a body that never ends times out", async () => {
    const endless = () =>
      new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"access_token":')) }), { headers: { "content-type": "application/json" } });
    const client = createClient({ ...base, timeout: 50, fetch: async () => endless() });
    expect((await failureOf(client.getToken())).code).toBe(TIMEOUT);
  });

  it("a clientAssertion that never settles (a stuck KMS call) times out, and says so", async () => {
    const client = createClient({ tokenUrl: base.tokenUrl, clientId: "c", retries: 0, timeout: 50, clientAssertion: () => new Promise<string>(() => {}) });
    const error = await failureOf(client.getToken());
    expect(error.code).toBe(TIMEOUT);
    expect(error.message).toContain("Signing the client assertion");
  });

  it("says how many attempts and how long in all", async () => {
    const client = createClient({ ...base, retries: 2, timeout: 30, fetch: () => new Promise<Response>(() => {}) });
    const error = await failureOf(client.getToken());
    expect(error.message).toMatch(/took longer than 30 ms \(3 attempts, \d+\.\d s in all\)/);
    expect(error.attempts).toBe(3);
  });
});

describe("no secret in causes", () => {
  const forms = [SECRET, encodeURIComponent(SECRET), encodeURIComponent(SECRET).toLowerCase(), new URLSearchParams({ s: SECRET }).toString().slice(2)];
  const lowerEscapes = (text: string) => text.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
  function expectClean(value: unknown) {
    const texts = [inspect(value, { depth: 10, showHidden: true }), JSON.stringify(value), String(value)];
    for (const text of texts) for (const form of forms) expect(text).not.toContain(form);
  }

  it("an axios-style error carrying the request's headers and body is reduced to a redacted summary", async () => {
    const events: OccEvent[] = [];
    const axiosLike: typeof fetch = async (_url, init) => {
      const error = Object.assign(new Error(`Request failed: POST body=${lowerEscapes(String(init?.body))}`), {
        code: "ECONNRESET",
        config: { headers: init?.headers, data: init?.body },
        request: { _header: `client_secret=${SECRET}` },
      });
      throw error;
    };
    const client = createClient({ ...base, retries: 1, fetch: axiosLike, onEvent: (e) => events.push(e) });
    const error = await failureOf(client.getToken());
    expect(error.code).toBe(NETWORK_ERROR);
    expect((error.cause as { code?: string }).code).toBe("ECONNRESET");
    expectClean(error);
    expectClean(events);
  });

  it("a secret echoed in an error response's Content-Type is redacted", async () => {
    const client = createClient({ ...base, fetch: async () => new Response("", { status: 500, headers: { "content-type": `text/plain; x=${SECRET}` } }) });
    expectClean(await failureOf(client.getToken()));
  });

  it("a Basic header echoed with lower-case hex is redacted", async () => {
    const client = createClient({
      tokenUrl: base.tokenUrl,
      clientId: "c",
      clientSecret: SECRET,
      retries: 0,
      authMethod: "client_secret_basic",
      fetch: async (_u, init) => {
        throw new Error(`bad: ${(init?.headers as Record<string, string>).authorization} ${lowerEscapes(encodeURIComponent(SECRET))}`);
      },
    });
    const error = await failureOf(client.getToken());
    expectClean(error);
    expect(error.message).toContain("[REDACTED]");
  });
});
