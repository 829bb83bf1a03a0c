import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../src/index.ts";
import { startFaultServer, uniqueId } from "./helpers.ts";

let fault: Awaited<ReturnType<typeof startFaultServer>>;
beforeAll(async () => {
  fault = await startFaultServer();
});
afterAll(() => fault.close());

function setup() {
  const id = uniqueId("api");
  const client = createClient({ tokenUrl: `${fault.url}/ok/${id}`, clientId: "c", clientSecret: "fetch-secret" });
  return { id, client, tokenRequests: () => fault.count("ok", id) };
}

describe("client.fetch", () => {
  it("sends Authorization with the cached token", async () => {
    const { id, client, tokenRequests } = setup();
    for (let i = 0; i < 3; i++) {
      const body = await (await client.fetch(`${fault.url}/api-echo/${id}`)).json();
      expect(body.auth).toBe("Bearer tok-1");
    }
    expect(tokenRequests()).toBe(1);
  });

  it("keeps the caller's headers and method", async () => {
    const { id, client } = setup();
    const response = await client.fetch(new URL(`${fault.url}/api-echo/${id}`), {
      method: "PUT",
      headers: { "x-trace": "abc", authorization: "Basic overridden" },
      body: "payload",
    });
    expect(await response.json()).toMatchObject({ auth: "Bearer tok-1", body: "payload" });
    const last = await (await fetch(`${fault.url}/__last/api-echo/${id}`)).json();
    expect(last).toMatchObject({ method: "PUT", headers: { "x-trace": "abc" } });
  });

  it.each([
    ["a string body", (url: string) => [url, { method: "POST", body: "hello" }] as const],
    [
      "a stream body",
      (url: string) =>
        [
          url,
          {
            method: "POST",
            body: new Blob(["hello"]).stream(),
            duplex: "half",
          } as RequestInit,
        ] as const,
    ],
    ["a Request", (url: string) => [new Request(url, { method: "POST", body: "hello" })] as const],
  ])("replays once with a new token after 401 invalid_token, with %s", async (_label, args) => {
    const { id, client, tokenRequests } = setup();
    const response = await client.fetch(...(args(`${fault.url}/api-401-then-ok/${id}`) as [string]));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, auth: "Bearer tok-2", body: "hello" });
    expect(fault.count("api-401-then-ok", id)).toBe(2);
    expect(tokenRequests()).toBe(2);
  });

  it("returns a second 401 as it is", async () => {
    const { id, client, tokenRequests } = setup();
    const response = await client.fetch(`${fault.url}/api-401-always/${id}`);
    expect(response.status).toBe(401);
    expect(fault.count("api-401-always", id)).toBe(2);
    expect(tokenRequests()).toBe(2);
  });

  it("an API that rejects every token cannot turn client.fetch into a token pump", async () => {
    const { id, client, tokenRequests } = setup();
    const statuses = new Set<number>();
    for (let i = 0; i < 200; i++) statuses.add((await client.fetch(`${fault.url}/api-401-always/${id}`)).status);
    expect(statuses).toEqual(new Set([401]));
    // The first token, and one replacement; the replacement is not replaced again within 30 s.
    expect(tokenRequests()).toBe(2);
  });

  it("concurrent 401s with the same token cause one token request", async () => {
    const { id, client, tokenRequests } = setup();
    await client.getToken();
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => client.fetch(`${fault.url}/api-401-then-ok/${id}-${i}`)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(tokenRequests()).toBe(2);
  });
});
