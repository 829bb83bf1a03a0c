/**
 * What `createClient({ dpop })` adds around the proofs, against oidc-provider and the DPoP-verifying API: nonce
 * challenges answered inside the DPoP layer (so core's single 401 replay is still there for a rejected token), a
 * Bearer answer refused unless `allowBearer`, and stored tokens tied to the key they are bound to.
 */
import { createClient, defineStore, INVALID_TOKEN_RESPONSE, memoryStore, OccError, type OccEvent, type StoredValue } from "@occ/core";
import { startAuthServer, startProtectedApi, type AuthServer, type DemoClient, type ProtectedApi } from "@occ/dev-server";
import { decodeJwt } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { dpopKey, type DPoPKey } from "../src/index.ts";

const bound: DemoClient = { clientId: "occ:dpop-client", clientSecret: "dpop-client-secret", authMethod: "client_secret_basic", scope: "read:data", dpopBound: true };

let auth: AuthServer;
let api: ProtectedApi;
beforeAll(async () => {
  auth = await startAuthServer({ clients: [bound] });
  api = await startProtectedApi({ issuer: auth.issuer, jwksUrl: auth.jwksUrl });
});
afterEach(() => {
  auth.requireDpopNonce(false);
  api.requireDpopNonce(false);
  auth.resetCounters();
  api.resetCounters();
});
afterAll(() => Promise.all([api.close(), auth.close()]));

const options = (dpop: DPoPKey) => ({ tokenUrl: auth.tokenUrl, clientId: bound.clientId, clientSecret: bound.clientSecret!, dpop, retries: 0 });

describe("nonce challenges", () => {
  it("at the token endpoint and at the API are each answered in one retry, and core's 401 replay still happens", async () => {
    auth.requireDpopNonce(true);
    api.requireDpopNonce(true);
    // After the nonce challenge, the API rejects the (valid) token once: core must still have its replay left.
    api.rejectNext(1);
    const events: OccEvent[] = [];
    const occ = createClient({ ...options(await dpopKey()), onEvent: (event) => events.push(event) });

    const response = await occ.fetch(`${api.url}/data`);

    expect(response.status).toBe(200);
    // Token endpoint: use_dpop_nonce, the first token; then the replacement, with the nonce already known.
    expect(auth.tokenRequests()).toBe(3);
    // API: use_dpop_nonce, the token rejected (rejectNext), the replay with the new token.
    expect(api.requests()).toBe(3);
    const fetched = events.filter((event) => event.type === "token_fetched");
    expect(fetched.map((event) => event.attempts)).toEqual([1, 1]);
    expect(events.filter((event) => event.type === "retry")).toEqual([]);
  });

  it("a token the API keeps rejecting after the nonce retry is replaced once, then the 401 is returned", async () => {
    api.requireDpopNonce(true);
    api.rejectNext(5);
    const occ = createClient(options(await dpopKey()));
    const response = await occ.fetch(`${api.url}/data`);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/rejectNext/);
    expect(auth.tokenRequests()).toBe(2);
    expect(api.requests()).toBe(3);
  });
});

describe("a server that answers a DPoP request with a Bearer token", () => {
  let plain: AuthServer;
  beforeAll(async () => {
    plain = await startAuthServer({ dpop: false, clients: [{ ...bound, dpopBound: false }] });
  });
  afterAll(() => plain.close());
  const at = (dpop: DPoPKey) => ({ ...options(dpop), tokenUrl: plain.tokenUrl });

  it("is refused with a typed error: the token would not be bound to the key", async () => {
    const error = await createClient(at(await dpopKey())).getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OccError);
    expect((error as OccError).code).toBe(INVALID_TOKEN_RESPONSE);
    expect((error as OccError).message).toMatch(/token_type "Bearer" is not one this client uses \(dpop\)/);
  });

  it("is accepted with allowBearer, and the Bearer token works at the API", async () => {
    const occ = createClient(at(await dpopKey({ allowBearer: true })));
    const token = await occ.getToken();
    expect(token.tokenType).toBe("Bearer");
    expect(decodeJwt(token.accessToken).cnf).toBeUndefined();
    const bearerApi = await startProtectedApi({ issuer: plain.issuer, jwksUrl: plain.jwksUrl });
    try {
      expect((await occ.fetch(`${bearerApi.url}/data`)).status).toBe(200);
    } finally {
      await bearerApi.close();
    }
  });
});

/** A memoryStore whose writes are recorded, so a test can see what a client stored. */
function recordedStore() {
  const inner = memoryStore();
  const written = new Map<string, StoredValue>();
  const store = defineStore({
    get: (key: string) => inner.get(key),
    set: (key: string, value: StoredValue, ttl: number) => {
      written.set(key, value);
      return inner.set(key, value, ttl);
    },
    delete: (key: string) => inner.delete(key),
    acquireLease: (key: string, owner: string, ttlMs: number) => inner.acquireLease(key, owner, ttlMs),
    releaseLease: (key: string, owner: string) => inner.releaseLease(key, owner),
  });
  return { store, inner, written };
}

describe("tokens in a shared store are bound to their key", () => {
  it("two clients with different keys get a token each, and each token is used only with its key", async () => {
    const { store, written } = recordedStore();
    const [keyA, keyB] = [await dpopKey(), await dpopKey()];
    const a = createClient({ ...options(keyA), store });
    const b = createClient({ ...options(keyB), store });

    const tokenA = await a.getToken();
    const tokenB = await b.getToken();
    expect(auth.tokenRequests()).toBe(2);
    expect(decodeJwt(tokenA.accessToken).cnf).toEqual({ jkt: keyA.thumbprint });
    expect(decodeJwt(tokenB.accessToken).cnf).toEqual({ jkt: keyB.thumbprint });
    const entries = [...written.values()] as { accessToken: string; jkt?: string }[];
    expect(entries.map(({ accessToken, jkt }) => ({ accessToken, jkt }))).toEqual([
      { accessToken: tokenA.accessToken, jkt: keyA.thumbprint },
      { accessToken: tokenB.accessToken, jkt: keyB.thumbprint },
    ]);

    for (const occ of [a, b, a, b]) expect((await occ.fetch(`${api.url}/data`)).status).toBe(200);
    expect(api.requests()).toBe(4);
    expect(auth.tokenRequests()).toBe(2);
    // A third client holding key A takes A's token from the store.
    expect((await createClient({ ...options(keyA), store }).getToken()).accessToken).toBe(tokenA.accessToken);
    expect(auth.tokenRequests()).toBe(2);
  });

  it("an entry bound to another key, found under this client's store key, is never used", async () => {
    const { store, inner, written } = recordedStore();
    const [keyA, keyB] = [await dpopKey(), await dpopKey()];
    const tokenA = await createClient({ ...options(keyA), store }).getToken();
    await createClient({ ...options(keyB), store }).getToken();
    const [[, entryA], [keyOfB]] = [...written.entries()] as [[string, StoredValue], [string, StoredValue]];
    // Another writer (or a bug) puts A's token where B's clients look.
    inner.set(keyOfB, entryA, 3600);

    const events: OccEvent[] = [];
    const freshB = createClient({ ...options(keyB), store, onEvent: (event) => events.push(event) });
    const token = await freshB.getToken();
    expect(token.accessToken).not.toBe(tokenA.accessToken);
    expect(decodeJwt(token.accessToken).cnf).toEqual({ jkt: keyB.thumbprint });
    expect(auth.tokenRequests()).toBe(3);
    expect(events.some((event) => event.type === "store_error" && /another DPoP key/.test(event.error.message))).toBe(true);
  });
});
