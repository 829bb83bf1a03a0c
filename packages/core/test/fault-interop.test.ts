/**
 * The behaviours of the hardening and credentials work against the dev-server's fault server, which imitates what
 * real authorization servers do (see apps/dev-server/README.md): Basic credentials not decoded or split at every
 * ":", secret rotation, discovery behind redirects, a wrong secret answered 403 with no body, quota headers.
 */
import { FAULT_CLIENT } from "@occ/dev-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, discover, DISCOVERY_FAILED, type OccEvent } from "../src/index.ts";
import { eventLog, manualClock, startFaultServer, uniqueId } from "./helpers.ts";

let fault: Awaited<ReturnType<typeof startFaultServer>>;
beforeAll(async () => {
  fault = await startFaultServer();
});
afterAll(() => fault.close());

const credentials = { clientId: FAULT_CLIENT.clientId, clientSecret: FAULT_CLIENT.clientSecret };

describe("client_secret_basic on the servers people run (FAULT_CLIENT has ':', '+', '/', '%', '=', '&', '~' and a space)", () => {
  it("basic-rfc (decodes as the RFC says): the form-encoded Basic credentials work at once", async () => {
    const id = uniqueId("basic-rfc");
    await createClient({ tokenUrl: `${fault.url}/basic-rfc/${id}`, ...credentials }).getToken();
    expect(fault.count("basic-rfc", id)).toBe(1);
  });

  it.each(["basic-raw", "basic-split"])("%s: with default options, one fallback to client_secret_post, then remembered", async (scenario) => {
    const id = uniqueId(scenario);
    const log = eventLog();
    const client = createClient({ tokenUrl: `${fault.url}/${scenario}/${id}`, ...credentials, onEvent: log.onEvent });
    await client.getToken();
    expect(fault.count(scenario, id)).toBe(2);
    expect(log.of("credentials_switched")).toMatchObject([{ method: "client_secret_post", secretIndex: 0 }]);
    await client.getToken({ forceRefresh: true });
    expect(fault.count(scenario, id)).toBe(3);
  });

  it("a named authMethod stays strict on basic-split: exactly one request and a hint in the error", async () => {
    const id = uniqueId("basic-split");
    const client = createClient({ tokenUrl: `${fault.url}/basic-split/${id}`, ...credentials, authMethod: "client_secret_basic" });
    const error = (await client.getToken().catch((e: unknown) => e)) as Error;
    expect(error.message).toContain("many servers do not decode");
    expect(fault.count("basic-split", id)).toBe(1);
  });
});

describe("secret rotation on a server that changes which secret it accepts", () => {
  it("only the second secret → a token after one extra request; then only the first → recovers", async () => {
    const id = uniqueId("secrets");
    const [newer, older] = ["rotated-new-secret", "rotated-old-secret"];
    fault.setCredentials(id, { clientId: "rotating", clientSecrets: [older] });
    const clock = manualClock();
    const log = eventLog();
    const client = createClient({ tokenUrl: `${fault.url}/secrets/${id}?ttl=60`, clientId: "rotating", clientSecret: [newer, older], now: clock.now, onEvent: log.onEvent });
    await client.getToken();
    expect(fault.count("secrets", id)).toBe(2);
    await client.getToken({ forceRefresh: true });
    expect(fault.count("secrets", id)).toBe(3);
    fault.setCredentials(id, { clientId: "rotating", clientSecrets: [newer] });
    await client.getToken({ forceRefresh: true });
    expect(fault.count("secrets", id)).toBe(5);
    expect(log.of("credentials_switched").map((e) => (e as Extract<OccEvent, { type: "credentials_switched" }>).secretIndex)).toEqual([1, 0]);
    expect(JSON.stringify(log.events)).not.toMatch(/rotated-(new|old)-secret/);
  });
});

describe("discovery behind redirects", () => {
  it("follows a same-origin redirect of the metadata (django-oauth-toolkit serves it behind a trailing slash)", async () => {
    const id = uniqueId("discovery-trailing-slash");
    const client = createClient({ tokenUrl: discover(`${fault.url}/discovery-trailing-slash/${id}`), clientId: "c", clientSecret: "s" });
    await expect(client.getToken()).resolves.toMatchObject({ tokenType: "Bearer" });
  });

  it("refuses a redirect to another origin, and says so", async () => {
    const id = uniqueId("discovery-cross-origin");
    const client = createClient({ tokenUrl: discover(`${fault.url}/discovery-cross-origin/${id}`), clientId: "c", clientSecret: "s" });
    const error = (await client.getToken().catch((e: unknown) => e)) as Error & { code: string };
    expect(error.code).toBe(DISCOVERY_FAILED);
    expect(error.message).toMatch(/redirect to http:\/\/localhost:\d+\/.* refused/);
  });
});

describe("errors that say what to do", () => {
  it("a wrong secret answered 403 with an empty body names the endpoint, client and method, and what to check", async () => {
    const id = uniqueId("403-empty");
    const error = (await createClient({ tokenUrl: `${fault.url}/403-empty/${id}`, clientId: "svc", clientSecret: "plain", retries: 0 })
      .getToken()
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(`${fault.url}/403-empty/${id} refused client "svc" (client_secret_basic): 403 and no OAuth error. To fix: check the client id and secret`);
  });

  it("a refused connection says ECONNREFUSED in the message, not only in the cause", async () => {
    const { createServer } = await import("node:net");
    const server = createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const error = (await createClient({ tokenUrl: `http://127.0.0.1:${port}/token`, clientId: "c", clientSecret: "s", retries: 0 }).getToken().catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/ECONNREFUSED/);
  });
});

describe("quota headers become events", () => {
  it.each([
    ["auth0-client", { header: "auth0-client-quota-limit", limit: 100, remaining: 99 }],
    ["ratelimit", { header: "ratelimit-remaining", limit: 100, remaining: 99 }],
    ["x-ratelimit", { header: "x-ratelimit-remaining", limit: 100, remaining: 99 }],
  ])("%s", async (style, quota) => {
    const log = eventLog();
    await createClient({ tokenUrl: `${fault.url}/ok-quota/${uniqueId(style)}?style=${style}`, clientId: "c", clientSecret: "s", onEvent: log.onEvent }).getToken();
    const event = log.of("token_fetched")[0] as Extract<OccEvent, { type: "token_fetched" }>;
    expect(event.quota).toMatchObject(quota);
    expect(event.quota!.resetAt).toBeGreaterThan(Date.now());
  });
});
