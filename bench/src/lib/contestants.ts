/**
 * Every client measured, behind one shape: how a service would get a client-credentials token with it.
 * Each is set up the way its documentation shows; none is given a cache it does not have.
 */
import { OAuth2Client, OAuth2Fetch } from "@badgateway/oauth2-client";
import { createClient } from "@occ/core";
import { allowInsecureRequests, clientCredentialsGrant, Configuration, discovery } from "openid-client";
import { ClientCredentials } from "simple-oauth2";

/** Where a contestant gets its tokens. `issuer` serves discovery metadata whose token endpoint is `tokenUrl`. */
export interface Endpoint {
  issuer: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
}

/** A ready client. `fetch` is there for contestants that offer an authenticated fetch. */
export interface Instance {
  getToken(): Promise<string>;
  fetch?: (url: string) => Promise<Response>;
}

/** Settings a scenario imposes. `now` is honoured only by contestants with `clock: "option"`. */
export interface Settings {
  refreshSkewSeconds: number;
  now?: () => number;
}

export interface Contestant {
  name: string;
  /** What the contestant does between callers: share one request, let each caller check a cached token, or nothing. */
  cache: "single-flight" | "unsynchronized" | "none";
  /** How a simulated clock reaches it: a documented option, or only by replacing `Date.now`. */
  clock: "option" | "Date.now";
  create(endpoint: Endpoint, settings: Settings): Promise<Instance>;
}

const occ: Contestant = {
  name: "occ",
  cache: "single-flight",
  clock: "option",
  async create(endpoint, settings) {
    const client = createClient({
      tokenUrl: endpoint.tokenUrl,
      clientId: endpoint.clientId,
      clientSecret: endpoint.clientSecret,
      scope: endpoint.scope,
      refreshSkew: settings.refreshSkewSeconds,
      ...(settings.now ? { now: settings.now } : {}),
    });
    return {
      getToken: async () => (await client.getToken()).accessToken,
      fetch: (url) => client.fetch(url),
    };
  },
};

const badgateway: Contestant = {
  name: "@badgateway/oauth2-client",
  cache: "single-flight",
  clock: "Date.now",
  async create(endpoint) {
    const client = new OAuth2Client({
      tokenEndpoint: endpoint.tokenUrl,
      clientId: endpoint.clientId,
      clientSecret: endpoint.clientSecret,
      authenticationMethod: "client_secret_basic",
    });
    const wrapper = new OAuth2Fetch({
      client,
      getNewToken: () => client.clientCredentials({ scope: [endpoint.scope] }),
    });
    return {
      getToken: async () => (await wrapper.getToken()).accessToken,
      fetch: (url) => wrapper.fetch(url),
    };
  },
};

const openidClient: Contestant = {
  name: "openid-client",
  cache: "none",
  clock: "Date.now",
  async create(endpoint) {
    const config = await discovery(new URL(endpoint.issuer), endpoint.clientId, endpoint.clientSecret, undefined, {
      execute: [allowInsecureRequests],
    });
    return { getToken: async () => (await clientCredentialsGrant(config, { scope: endpoint.scope })).access_token };
  },
};

function simpleOauth2Client(endpoint: Endpoint): ClientCredentials {
  const url = new URL(endpoint.tokenUrl);
  return new ClientCredentials({
    client: { id: endpoint.clientId, secret: endpoint.clientSecret },
    auth: { tokenHost: url.origin, tokenPath: url.pathname },
  });
}

const simpleOauth2: Contestant = {
  name: "simple-oauth2",
  cache: "none",
  clock: "Date.now",
  async create(endpoint) {
    const client = simpleOauth2Client(endpoint);
    return { getToken: async () => (await client.getToken({ scope: endpoint.scope })).token.access_token as string };
  },
};

/** simple-oauth2 with the cache its README shows: keep the AccessToken, fetch again once `expired(window)`. */
const simpleOauth2Cached: Contestant = {
  name: "simple-oauth2 + expired()",
  cache: "unsynchronized",
  clock: "Date.now",
  async create(endpoint, settings) {
    const client = simpleOauth2Client(endpoint);
    let token: Awaited<ReturnType<ClientCredentials["getToken"]>> | undefined;
    return {
      async getToken() {
        if (token === undefined || token.expired(settings.refreshSkewSeconds)) {
          token = await client.getToken({ scope: endpoint.scope });
        }
        return token.token.access_token as string;
      },
    };
  },
};

/** The snippet people write instead of a library: one token request per call. */
const naive: Contestant = {
  name: "naive fetch",
  cache: "none",
  clock: "Date.now",
  async create(endpoint) {
    const authorization = `Basic ${btoa(`${encodeURIComponent(endpoint.clientId)}:${encodeURIComponent(endpoint.clientSecret)}`)}`;
    const body = new URLSearchParams({ grant_type: "client_credentials", scope: endpoint.scope }).toString();
    return {
      async getToken() {
        const response = await fetch(endpoint.tokenUrl, {
          method: "POST",
          headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
          body,
        });
        if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
        return ((await response.json()) as { access_token: string }).access_token;
      },
    };
  },
};

/** Every contestant, occ first. */
export const contestants: readonly Contestant[] = [occ, badgateway, openidClient, simpleOauth2, simpleOauth2Cached, naive];

/** The contestant called `name`. */
export function contestant(name: string): Contestant {
  const found = contestants.find((c) => c.name === name);
  if (found === undefined) throw new Error(`unknown contestant ${name}`);
  return found;
}

/** openid-client's per-client state without a discovery round trip, for the memory scenario. */
export function openidClientConfiguration(endpoint: Endpoint): Configuration {
  return new Configuration({ issuer: endpoint.issuer, token_endpoint: endpoint.tokenUrl }, endpoint.clientId, endpoint.clientSecret);
}

/** simple-oauth2's per-client state, for the memory scenario. */
export { simpleOauth2Client };

/**
 * An endpoint on the bench servers with its own request counter (`ns`), tokens living `ttlSeconds` and a
 * token endpoint that answers after `delayMs`. The id and secret carry reserved characters on purpose.
 */
export function endpointFor(serverUrl: string, ns: string, ttlSeconds: number, delayMs = 0): Endpoint {
  const issuer = `${serverUrl}/${ns}/${ttlSeconds}/${delayMs}`;
  return {
    issuer,
    tokenUrl: `${issuer}/token`,
    clientId: "bench:client",
    clientSecret: "s3cr3t/with+reserved=chars&%",
    scope: "read:data",
  };
}

/** How many token requests the bench servers received for `ns`. */
export async function tokenRequests(serverUrl: string, ns: string): Promise<number> {
  const response = await fetch(`${serverUrl}/__count/${ns}`);
  return Number(await response.text());
}
