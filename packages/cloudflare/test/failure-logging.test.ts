// Without onEvent, failures are logged (one line each, no secret); with onEvent, the user's hook replaces the logging.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, inject, it, type MockInstance, vi } from "vitest";
import { createClient, defineStore, type OccEvent } from "../src/index.ts";
import { freshAudience } from "./helpers.ts";

const secret = inject("clients").basic.clientSecret;
const { OAUTH_TOKENS: _kv, ...envWithoutKv } = env;
const wrongSecret = "wrong-s3cr+t/:%&= for the logs";
let error: MockInstance<typeof console.error>;
let warn: MockInstance<typeof console.warn>;

beforeEach(() => {
  error = vi.spyOn(console, "error").mockImplementation(() => {});
  warn = vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

/** Everything logged, one entry per call. */
const lines = (spy: MockInstance<(...args: unknown[]) => void>) => spy.mock.calls.map((args) => args.map(String).join(" "));

function expectNoSecrets(...texts: string[]) {
  for (const text of texts) {
    for (const value of [secret, wrongSecret, encodeURIComponent(wrongSecret)]) expect(text).not.toContain(value);
  }
}

describe("failure logging by default", () => {
  it("logs a failed token request to console.error: one line, code and message, no secret", async () => {
    const client = createClient({ ...env, OAUTH_CLIENT_SECRET: wrongSecret }, createExecutionContext(), { audience: freshAudience() });
    await expect(client.getToken()).rejects.toMatchObject({ code: "OCC_OAUTH_ERROR" });

    const logged = lines(error);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^\[occ\] token_failed OCC_OAUTH_ERROR: .*refused client "occ:basic".*invalid_client.* \(attempts=\d background=false served=false retryAt=\S+Z\)$/);
    expect(logged[0]).not.toContain("\n");
    expect(lines(warn)).toEqual([]);
    expectNoSecrets(...logged);
  });

  it("logs a store failure to console.warn and still serves the token", async () => {
    const broken = defineStore({
      get: () => Promise.reject(new Error("storage unavailable")),
      set: () => Promise.reject(new Error("storage unavailable")),
      delete: () => Promise.reject(new Error("storage unavailable")),
    });
    const ctx = createExecutionContext();
    const token = await createClient(env, ctx, { audience: freshAudience(), store: broken }).getToken();
    await waitOnExecutionContext(ctx);

    expect(token.tokenType).toBe("Bearer");
    expect(lines(warn)).toContainEqual(expect.stringMatching(/^\[occ\] store_error operation=get OCC_STORE_ERROR: .*storage unavailable/));
    expect(lines(error)).toEqual([]);
    expectNoSecrets(...lines(warn));
  });

  it("logs a ctx.waitUntil that throws to console.warn", async () => {
    const refreshes: Promise<unknown>[] = [];
    const ctx = {
      waitUntil: (promise: Promise<unknown>) => {
        refreshes.push(promise);
        throw new TypeError("waitUntil refused");
      },
    };
    const audience = freshAudience();
    let offset = 0;
    const now = () => Date.now() + offset;
    // Without a store, the refresh is the only background work.
    const token = await createClient(envWithoutKv, createExecutionContext(), { audience, now }).getToken();
    offset = token.expiresAt - Date.now() - 30_000;
    await createClient(envWithoutKv, ctx, { audience, now }).getToken();
    await Promise.allSettled(refreshes);

    expect(refreshes).toHaveLength(1);
    expect(lines(warn)).toEqual(["[occ] wait_until_failed TypeError: waitUntil refused"]);
    expect(lines(error)).toEqual([]);
  });

  it("logs nothing when onEvent is given: the user's hook replaces the default", async () => {
    const events: OccEvent[] = [];
    const client = createClient({ ...env, OAUTH_CLIENT_SECRET: wrongSecret }, createExecutionContext(), {
      audience: freshAudience(),
      onEvent: (event) => events.push(event),
    });
    await expect(client.getToken()).rejects.toMatchObject({ code: "OCC_OAUTH_ERROR" });

    expect(events.filter((event) => event.type === "token_failed")).toHaveLength(1);
    expect(lines(error)).toEqual([]);
    expect(lines(warn)).toEqual([]);
  });
});
