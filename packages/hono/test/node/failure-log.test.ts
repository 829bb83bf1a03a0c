// What the middleware logs by default when a token cannot be had, and how a user's onEvent replaces it.
import { defineStore, type OccEvent, OccError, STORE_ERROR } from "@occ/core";
import { Hono } from "hono";
import { describe, expect, it, vi } from "vitest";
import { type ClientCredentialsEnv, clientCredentials, type HonoClientOptions, logFailures } from "../../src/index.ts";
import { useServers } from "./servers.ts";

const servers = useServers();
const WRONG_SECRET = "wrong-s3cr+t/:%&= hono";

function tokenApp(options: HonoClientOptions) {
  return new Hono<ClientCredentialsEnv>()
    .use(clientCredentials(options))
    .get("/token", async (c) => c.json({ token: (await c.var.occ.getToken()).accessToken }));
}

function captureConsole() {
  const error = vi.spyOn(console, "error").mockImplementation(() => {});
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  const lines = () => [...error.mock.calls, ...warn.mock.calls].map((args) => args.map(String).join(" "));
  return { error, warn, lines };
}

describe("the default failure log", () => {
  it("logs a refused token request as one console.error line with code and message, never the secret", async () => {
    const log = captureConsole();
    const { clientId } = servers.auth.clients.basic;
    const res = await tokenApp({ tokenUrl: servers.auth.tokenUrl, clientId, clientSecret: WRONG_SECRET }).request("/token");
    expect(res.status).toBe(502);
    expect(log.warn).not.toHaveBeenCalled();
    expect(log.error).toHaveBeenCalledTimes(1);
    const [line] = log.lines();
    expect(line).toMatch(/^\[occ\] token_failed OCC_OAUTH_ERROR: .*invalid_client.* \(attempts=\d+ background=false served=false retryAt=\S+\)$/);
    expect(line).toContain(clientId);
    expect(line).not.toContain("\n");
    for (const secret of [WRONG_SECRET, encodeURIComponent(WRONG_SECRET), btoa(`${clientId}:${WRONG_SECRET}`)]) {
      expect(line).not.toContain(secret);
    }
  });

  it("logs a failing store as a console.warn line and still serves the token", async () => {
    const log = captureConsole();
    const down = () => Promise.reject(new Error("connection refused"));
    const store = defineStore({ get: down, set: down, delete: down });
    const { clientId, clientSecret } = servers.auth.clients.simple;
    const res = await tokenApp({ tokenUrl: servers.auth.tokenUrl, clientId, clientSecret, store }).request("/token");
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(log.lines().some((line) => line.startsWith("[occ] store_error operation=set"))).toBe(true));
    expect(log.error).not.toHaveBeenCalled();
    expect(log.lines().every((line) => line.startsWith(`[occ] store_error operation=`) && line.includes(STORE_ERROR))).toBe(true);
    expect(log.lines().join("\n")).not.toContain(clientSecret);
  });

  it("logs a waitUntil that threw as a console.warn line", () => {
    const log = captureConsole();
    logFailures({ type: "wait_until_failed", key: "k", error: new TypeError("Illegal invocation") });
    expect(log.lines()).toEqual(["[occ] wait_until_failed TypeError: Illegal invocation"]);
  });

  it("logs nothing for events that are not failures", () => {
    const log = captureConsole();
    logFailures({ type: "token_cached", key: "k", expiresAt: 0, source: "memory" });
    logFailures({ type: "retry", key: "k", attempt: 1, delayMs: 10, error: new OccError(STORE_ERROR, "x") });
    expect(log.lines()).toEqual([]);
  });

  it("is replaced by the options' onEvent", async () => {
    const log = captureConsole();
    const events: OccEvent[] = [];
    const { clientId } = servers.auth.clients.basic;
    const app = tokenApp({ tokenUrl: servers.auth.tokenUrl, clientId, clientSecret: WRONG_SECRET, onEvent: (event) => events.push(event) });
    expect((await app.request("/token")).status).toBe(502);
    expect(events.map((event) => event.type)).toEqual(["token_failed"]);
    expect(log.lines()).toEqual([]);
  });
});
