import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createClient,
  INVALID_JSON,
  INVALID_TOKEN_RESPONSE,
  OAuthError,
  OccError,
  RESPONSE_TOO_LARGE,
  UNEXPECTED_CONTENT_TYPE,
  UNEXPECTED_REDIRECT,
  UNEXPECTED_STATUS,
} from "../src/index.ts";
import { eventLog, manualClock, startFaultServer, uniqueId } from "./helpers.ts";

const SECRET = "resp-secret+/:%&=~!*'() ü";
let fault: Awaited<ReturnType<typeof startFaultServer>>;
beforeAll(async () => {
  fault = await startFaultServer();
});
afterAll(() => fault.close());

function clientFor(scenario: string, id: string, extra: Record<string, unknown> = {}) {
  return createClient({ tokenUrl: `${fault.url}/${scenario}/${id}`, clientId: "c", clientSecret: SECRET, authMethod: "client_secret_post", retries: 0, ...extra });
}

async function rejection(promise: Promise<unknown>): Promise<OccError> {
  const error = await promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OccError);
  return error as OccError;
}

describe("token response validation", () => {
  it.each([
    ["html", UNEXPECTED_CONTENT_TYPE],
    ["truncated", INVALID_JSON],
    ["array", INVALID_JSON],
    ["empty", INVALID_JSON],
    ["wrong-types", INVALID_TOKEN_RESPONSE],
    ["no-token-type", INVALID_TOKEN_RESPONSE],
    ["oversized", RESPONSE_TOO_LARGE],
    ["error-html", UNEXPECTED_STATUS],
    ["redirect", UNEXPECTED_REDIRECT],
  ])("%s → %s, and nothing is cached", async (scenario, code) => {
    const id = uniqueId(scenario);
    const clock = manualClock();
    const client = clientFor(scenario, id, { now: clock.now });
    const first = await rejection(client.getToken());
    expect(first.code).toBe(code);
    expect(first.message).not.toContain(SECRET);
    // Nothing cached: once the cool-down has passed, the next call asks again.
    clock.advance(61_000);
    await rejection(client.getToken());
    expect(fault.count(scenario, id)).toBe(2);
  });

  it("never follows a redirect: the target gets no request and no credentials", async () => {
    const id = uniqueId("redirect");
    await rejection(clientFor("redirect", id).getToken());
    expect(fault.count("ok", id)).toBe(0);
  });

  it("turns an RFC 6749 §5.2 error body into an OAuthError with the status", async () => {
    for (const [scenario, status] of [
      ["oauth-error", 400],
      ["oauth-error-401", 401],
    ] as const) {
      const error = await rejection(clientFor(scenario, uniqueId(scenario)).getToken());
      expect(error).toBeInstanceOf(OAuthError);
      expect(error).toMatchObject({ code: "OCC_OAUTH_ERROR", error: "invalid_client", status });
      expect((error as OAuthError).errorDescription).toBe("Client authentication failed");
    }
  });

  it("does not retry 4xx OAuth errors", async () => {
    const id = uniqueId("oauth-error");
    await rejection(clientFor("oauth-error", id, { retries: 3 }).getToken());
    expect(fault.count("oauth-error", id)).toBe(1);
  });

  it("accepts expires_in as a numeric string and normalizes bearer", async () => {
    const clock = manualClock();
    const token = await clientFor("ok-string-expires", uniqueId("s"), { now: clock.now }).getToken();
    expect(token.expiresAt).toBe(clock.now() + 3600_000);
    const lower = await clientFor("ok-lowercase-bearer", uniqueId("l")).getToken();
    expect(lower.tokenType).toBe("Bearer");
  });

  it("without expires_in uses defaultExpiresIn for an opaque token, never forever", async () => {
    const clock = manualClock();
    const token = await clientFor("ok-no-expires", uniqueId("n"), { now: clock.now, defaultExpiresIn: 120 }).getToken();
    expect(token.expiresAt).toBe(clock.now() + 120_000);
    const fallback = await clientFor("ok-no-expires", uniqueId("n"), { now: clock.now }).getToken();
    expect(fallback.expiresAt).toBe(clock.now() + 300_000);
  });

  it("without expires_in takes a JWT access token's exp claim, and refuses one already expired", async () => {
    const clock = manualClock();
    const jwt = (exp: number) =>
      ["{\"alg\":\"none\"}", JSON.stringify({ sub: "svc", exp })].map((part) => Buffer.from(part).toString("base64url")).join(".") + ".sig";
    // A real server always sends expires_in with a JWT; only a hand-made answer can leave it out.
    const answer = (token: string): typeof fetch => async () => Response.json({ access_token: token, token_type: "Bearer" });
    const exp = Math.floor(clock.now() / 1000) + 900;
    const client = createClient({ tokenUrl: "https://as.example/token", clientId: "c", clientSecret: SECRET, now: clock.now, fetch: answer(jwt(exp)) });
    expect((await client.getToken()).expiresAt).toBe(exp * 1000);

    const stale = createClient({ tokenUrl: "https://as.example/token", clientId: "c", clientSecret: SECRET, now: clock.now, fetch: answer(jwt(exp - 1800)) });
    expect((await rejection(stale.getToken())).code).toBe(INVALID_TOKEN_RESPONSE);
  });

  it("counts the lifetime from when the request was sent, not when the answer arrived", async () => {
    let time = 1_800_000_000_000;
    const log = eventLog();
    // The clock jumps 5 s while the slow response is in flight.
    const client = clientFor("ok-slow", `${uniqueId("slow")}?ms=100&ttl=60`, {
      now: () => time,
      onEvent: log.onEvent,
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        const response = await fetch(input, init);
        time += 5_000;
        return response;
      },
    });
    const token = await client.getToken();
    expect(token.expiresAt).toBe(1_800_000_000_000 + 60_000);
    // The event tells the same story: the request took the 5 s the clock jumped, the token still counts from its send.
    expect(log.of("token_fetched")).toMatchObject([{ expiresAt: 1_800_000_000_000 + 60_000, durationMs: 5_000, attempts: 1 }]);
  });
});
