import { describe, expect, it } from "vitest";
import { clientCache } from "../src/client-cache.ts";
import { memoryStore, type ClientOptions } from "../src/index.ts";

/** A token endpoint counting requests, answering with numbered tokens. */
function endpoint() {
  let requests = 0;
  const fetch: typeof globalThis.fetch = async () => Response.json({ access_token: `tok-${++requests}`, token_type: "Bearer", expires_in: 3600 });
  return { fetch, requests: () => requests };
}

const base = { tokenUrl: "https://as.example/token", clientId: "svc", clientSecret: "s3cret" };

describe("clientCache: one client per configuration", () => {
  it("inline functions written per request reuse one client: 20 requests, 1 token request", async () => {
    const server = endpoint();
    const clientFor = clientCache();
    for (let i = 0; i < 20; i++) {
      const events: string[] = [];
      const client = clientFor({ ...base, fetch: (input, init) => server.fetch(input, init), onEvent: (e) => events.push(e.type), waitUntil: () => {} });
      await client.getToken();
      expect(events).toEqual([i === 0 ? "token_fetched" : "token_cached"]);
    }
    expect(server.requests()).toBe(1);
  });

  it("functions and the store come from the most recent call", async () => {
    const clientFor = clientCache();
    const calls: string[] = [];
    const first = clientFor({ ...base, fetch: async () => (calls.push("first"), Response.json({ access_token: "a", token_type: "Bearer", expires_in: 1 })) });
    await first.getToken();
    const second = clientFor({ ...base, fetch: async () => (calls.push("second"), Response.json({ access_token: "b", token_type: "Bearer", expires_in: 3600 })) });
    expect(second).toBe(first);
    await second.getToken({ forceRefresh: true });
    expect(calls).toEqual(["first", "second"]);
  });

  it("different credentials never share a client; a rotated secret replaces the old client", async () => {
    const server = endpoint();
    const clientFor = clientCache();
    const right = clientFor({ ...base, fetch: server.fetch });
    const wrong = clientFor({ ...base, clientSecret: "guess", fetch: server.fetch });
    expect(wrong).not.toBe(right);
    await right.getToken();
    await wrong.getToken();
    expect(server.requests()).toBe(2);
    const rotated = clientFor({ ...base, clientSecret: ["new", "s3cret"], fetch: server.fetch });
    expect(rotated).not.toBe(right);
  });

  it("configuration data picks the client; the order of scopes does not", () => {
    const clientFor = clientCache();
    const a = clientFor({ ...base, scope: ["read", "write"] });
    expect(clientFor({ ...base, scope: ["read", "write"] })).toBe(a);
    expect(clientFor({ ...base, scope: ["read"] })).not.toBe(a);
    expect(clientFor({ ...base, audience: "x" })).not.toBe(a);
  });

  it("a store given per request (a new binding object each time) is the same client, using the newest store", async () => {
    const server = endpoint();
    const clientFor = clientCache();
    const stores = [memoryStore(), memoryStore()];
    const first = clientFor({ ...base, fetch: server.fetch, store: stores[0] });
    await first.getToken();
    expect(clientFor({ ...base, fetch: server.fetch, store: stores[1] })).toBe(first);
    expect(clientFor({ ...base, fetch: server.fetch })).not.toBe(first);
  });

  it("is bounded: the least recently used configuration is dropped", () => {
    const clientFor = clientCache({ maxEntries: 2 });
    const a = clientFor({ ...base, scope: "a" });
    clientFor({ ...base, scope: "b" });
    clientFor({ ...base, scope: "a" });
    clientFor({ ...base, scope: "c" });
    expect(clientFor({ ...base, scope: "a" })).toBe(a);
    const options: ClientOptions = { ...base, scope: "b" };
    expect(clientFor(options)).toBe(clientFor(options));
  });

  it("an invalid configuration throws and caches nothing", () => {
    const clientFor = clientCache();
    expect(() => clientFor({ ...base, clientId: "" })).toThrow(/clientId/);
  });
});

describe("clientCache: stores keep what they are", () => {
  it("a lease-less store stays lease-less through the cache (spread refreshes, no lease events)", async () => {
    const server = endpoint();
    const { defineStore } = await import("../src/index.ts");
    const entries = new Map<string, import("../src/index.ts").StoredValue>();
    const store = defineStore({ get: (k) => entries.get(k), set: (k, v) => void entries.set(k, v), delete: (k) => void entries.delete(k) });
    const events: string[] = [];
    const client = clientCache()({ ...base, fetch: server.fetch, store, onEvent: (e) => events.push(e.type) });
    await client.getToken();
    expect(events).not.toContain("lease");
  });

  it("a store with a lease keeps it through the cache", async () => {
    const server = endpoint();
    const events: string[] = [];
    const client = clientCache()({ ...base, fetch: server.fetch, store: memoryStore(), onEvent: (e) => events.push(e.type) });
    await client.getToken();
    expect(events).toContain("lease");
  });
});

describe("certificate-bound clients", () => {
  it("an mTLS fetch's credentialId keeps clients with different certificates apart in a shared store", async () => {
    const { createClient } = await import("../src/index.ts");
    const store = memoryStore();
    let requests = 0;
    const presenting = (thumbprint: string) =>
      Object.assign(async () => (requests++, Response.json({ access_token: `tok-${thumbprint}`, token_type: "Bearer", expires_in: 3600 })), { credentialId: `x5t#S256:${thumbprint}` }) as unknown as typeof fetch;
    const options = { tokenUrl: "https://as.example/token", clientId: "svc", authMethod: "tls_client_auth" as const, store };
    const first = await createClient({ ...options, fetch: presenting("AAA") }).getToken();
    const second = await createClient({ ...options, fetch: presenting("BBB") }).getToken();
    expect([first.accessToken, second.accessToken, requests]).toEqual(["tok-AAA", "tok-BBB", 2]);
    expect((await createClient({ ...options, fetch: presenting("AAA") }).getToken()).accessToken).toBe("tok-AAA");
    expect(requests).toBe(2);
  });
});
