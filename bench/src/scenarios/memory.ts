/**
 * 6a. Memory: retained heap per client (N clients created and kept) and per cached token (after each of
 * them fetched one from the bench token server), measured with `--expose-gc` after full collections.
 * Tokens come from an in-process `fetch` (both clients take one as an option) so that sockets and a token
 * server's pace stay out of the figures; each answer carries a distinct 43-character opaque token.
 * Clients without a cache report only the per-client figure.
 */
import { randomBytes } from "node:crypto";
import { OAuth2Client, OAuth2Fetch } from "@badgateway/oauth2-client";
import { createClient } from "@occ/core";
import { endpointFor, openidClientConfiguration, simpleOauth2Client, type Endpoint } from "../lib/contestants.ts";

const CLIENTS = 10_000;
const ROUNDS = 3;
const CONCURRENCY = 64;

export interface MemoryResult {
  contestant: string;
  clients: number;
  /** Bytes, one value per round. */
  perClient: number[];
  perToken: number[] | null;
}

interface Subject {
  create(endpoint: Endpoint): unknown;
  getToken?: (client: never) => Promise<unknown>;
}

const tokenEndpoint: typeof fetch = async () =>
  new Response(
    JSON.stringify({ access_token: randomBytes(32).toString("base64url"), token_type: "Bearer", expires_in: 3600 }),
    { headers: { "content-type": "application/json" } },
  );

const subjects: Record<string, Subject> = {
  occ: {
    create: (e) =>
      createClient({
        tokenUrl: e.tokenUrl,
        clientId: e.clientId,
        clientSecret: e.clientSecret,
        scope: e.scope,
        fetch: tokenEndpoint,
      }),
    getToken: (client: ReturnType<typeof createClient>) => client.getToken(),
  },
  "@badgateway/oauth2-client": {
    create(e) {
      const client = new OAuth2Client({
        tokenEndpoint: e.tokenUrl,
        clientId: e.clientId,
        clientSecret: e.clientSecret,
        authenticationMethod: "client_secret_basic",
        fetch: tokenEndpoint,
      });
      return new OAuth2Fetch({ client, getNewToken: () => client.clientCredentials({ scope: [e.scope] }) });
    },
    getToken: (client: OAuth2Fetch) => client.getToken(),
  },
  "openid-client": { create: openidClientConfiguration },
  "simple-oauth2": { create: simpleOauth2Client },
};

/** Names of the contestants this scenario can measure. */
export const memorySubjects = Object.keys(subjects);

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run with --expose-gc");
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
}

export async function run([name = ""]: string[], serverUrl: string): Promise<MemoryResult> {
  const subject = subjects[name];
  if (subject === undefined) throw new Error(`no memory subject ${name}`);
  const result: MemoryResult = { contestant: name, clients: CLIENTS, perClient: [], perToken: subject.getToken ? [] : null };
  for (let round = 0; round < ROUNDS; round++) {
    // Distinct endpoints per client, as distinct services would have: no two clients share a cache key.
    const endpoints = Array.from({ length: CLIENTS }, (_, i) => endpointFor(serverUrl, `memory-${round}-${i}`, 3600));
    const before = heapAfterGc();
    const clients = endpoints.map((e) => subject.create(e));
    const withClients = heapAfterGc();
    result.perClient.push((withClients - before) / CLIENTS);
    if (subject.getToken !== undefined) {
      const getToken = subject.getToken;
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < clients.length) await getToken(clients[next++] as never);
        }),
      );
      result.perToken!.push((heapAfterGc() - withClients) / CLIENTS);
    }
    clients.length = 0;
  }
  return result;
}
