import { createPublicKey } from "node:crypto";
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomBytes, randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";
import { DEFAULT_AUDIENCE, RESOURCE_SCOPES, demoClients } from "./clients.ts";
import type { DemoClient, DemoClients, PublicJwk } from "./clients.ts";
import { createMemoryAdapterFactory } from "./memory-adapter.ts";
import { listenOnLoopback } from "./listen.ts";
import { MTLS_CLIENT_AUTH_METHODS, mtlsFeature } from "./mtls/provider-mtls.ts";
import { createTlsServer, type TlsServerOptions } from "./mtls/tls-server.ts";

export type SigningAlg = "RS256" | "ES256";

export interface AuthServerOptions {
  /** TCP port; default 0 (ephemeral). */
  port?: number;
  /** Bind address; loopback only. */
  host?: "127.0.0.1";
  /** Access-token lifetime in seconds (default 300). Small values such as 2 work. */
  accessTokenTtl?: number;
  /**
   * Extra clients registered *in addition to* `demoClients` (which are always
   * present so that `AuthServer.clients` stays truthful).
   */
  clients?: DemoClient[];
  /** Audience (resource) used when a request names neither `resource` nor `audience`. */
  defaultAudience?: string;
  /** JWS algorithm of the generated signing key (default RS256). */
  signingAlg?: SigningAlg;
  /** Enable the RFC 7662 introspection endpoint (default true; note JWT access tokens are not introspectable by oidc-provider). */
  introspection?: boolean;
  /**
   * Serve RFC 8414 `/.well-known/oauth-authorization-server` (oidc-provider v9
   * answers it with the same document as `/.well-known/openid-configuration`).
   * Default true; `false` makes it answer 404 so client fallback to OIDC
   * discovery can be tested.
   */
  oauthMetadata?: boolean;
  /** Called with one line per request and per server error. Quiet when absent. */
  log?: (line: string) => void;
  /**
   * Refuse DPoP proofs without a server nonce (RFC 9449 §8): `400 use_dpop_nonce` with a `DPoP-Nonce` header.
   * Default false; `requireDpopNonce()` switches it while running. Nonces are issued either way.
   */
  dpopNonce?: boolean;
  /**
   * Default true. `false` turns DPoP off, as on a server that does not know RFC 9449: a `DPoP` header is ignored and
   * the token is a plain Bearer token.
   */
  dpop?: boolean;
  /**
   * Serve HTTPS with mutual TLS (RFC 8705): `tls_client_auth` (a client certificate signed by `tls.ca`, with the
   * registered `tlsSubjectDn`), `self_signed_tls_client_auth` and certificate-bound tokens. Every connection must
   * present a client certificate; one that does not is closed after the handshake. The issuer is `https://`.
   */
  tls?: TlsServerOptions;
}

export interface AuthServer {
  issuer: string;
  tokenUrl: string;
  jwksUrl: string;
  /** OIDC discovery document URL. */
  discoveryUrl: string;
  /** RFC 8414 metadata URL (404 when started with `oauthMetadata: false`). */
  oauthMetadataUrl: string;
  introspectionUrl: string;
  /** The audience a token gets when the request has no `resource`/`audience`. */
  defaultAudience: string;
  clients: DemoClients;
  /** Count of POSTs to the token endpoint since start or the last `resetCounters()`. */
  tokenRequests(): number;
  resetCounters(): void;
  /** Switches the DPoP nonce requirement (see `AuthServerOptions.dpopNonce`). */
  requireDpopNonce(required: boolean): void;
  close(): Promise<void>;
  /** The public keys access tokens are signed with (what `jwksUrl` serves), for an API that cannot fetch them. */
  jwks: { keys: PublicJwk[] };
  /** Escape hatch: the underlying oidc-provider instance. */
  provider: Provider;
}

function toMetadata(client: DemoClient): Record<string, unknown> {
  const metadata: Record<string, unknown> = {
    client_id: client.clientId,
    token_endpoint_auth_method: client.authMethod,
    grant_types: ["client_credentials"],
    response_types: [],
    redirect_uris: [],
  };
  if (client.clientSecret !== undefined) metadata.client_secret = client.clientSecret;
  if (client.scope !== undefined) metadata.scope = client.scope;
  if (client.jwks !== undefined) metadata.jwks = client.jwks;
  if (client.authSigningAlg !== undefined) metadata.token_endpoint_auth_signing_alg = client.authSigningAlg;
  if (client.dpopBound !== undefined) metadata.dpop_bound_access_tokens = client.dpopBound;
  if (client.tlsSubjectDn !== undefined) metadata.tls_client_auth_subject_dn = client.tlsSubjectDn;
  if (client.certificateBound !== undefined) metadata.tls_client_certificate_bound_access_tokens = client.certificateBound;
  return metadata;
}

function audienceParam(ctx: any): string | undefined {
  const value = ctx.oidc?.body?.audience;
  return typeof value === "string" && value !== "" ? value : undefined;
}

export async function startAuthServer(options: AuthServerOptions = {}): Promise<AuthServer> {
  const host = options.host ?? "127.0.0.1";
  const ttl = options.accessTokenTtl ?? 300;
  const defaultAudience = options.defaultAudience ?? DEFAULT_AUDIENCE;
  const alg: SigningAlg = options.signingAlg ?? "RS256";
  const log = options.log;
  if (!Number.isInteger(ttl) || ttl <= 0) throw new TypeError("accessTokenTtl must be a positive integer (seconds)");

  const allClients: DemoClient[] = [...Object.values(demoClients), ...(options.clients ?? [])];

  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg, use: "sig" };

  let tokenCount = 0;
  let dpopNonceRequired = options.dpopNonce ?? false;
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "POST" && path === "/token") tokenCount++;
    if (log) {
      res.on("finish", () => log(`[auth] ${req.method} ${req.url} -> ${res.statusCode}`));
    }
    if (options.oauthMetadata === false && path === "/.well-known/oauth-authorization-server") {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "not_found" }));
      return;
    }
    if (!handler) {
      res.statusCode = 503;
      res.end();
      return;
    }
    handler(req, res);
  };
  const server = options.tls ? createTlsServer(options.tls, listener, true) : createServer(listener);

  const port = await listenOnLoopback(server, options.port, host);
  const issuer = `${options.tls ? "https" : "http"}://${host}:${port}`;

  const provider = new Provider(issuer, {
    adapter: createMemoryAdapterFactory(),
    clients: allClients.map(toMetadata),
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    scopes: ["openid", "offline_access", ...RESOURCE_SCOPES.split(" ")],
    enabledJWA: {
      idTokenSigningAlgValues: [alg],
      // Every alg a client can sign with, so tests cover each (oidc-provider leaves out HS384/HS512, RS256 and
      // PS256 DPoP proofs by default).
      clientAuthSigningAlgValues: ["HS256", "HS384", "HS512", "RS256", "PS256", "ES256", "Ed25519", "EdDSA"],
      dPoPSigningAlgValues: ["ES256", "Ed25519", "EdDSA", "RS256", "PS256"],
    },
    // Clients default to RS256 id tokens; keep metadata valid for ES256 keys too.
    clientDefaults: {
      id_token_signed_response_alg: alg,
      grant_types: ["client_credentials"],
      response_types: [],
      token_endpoint_auth_method: "client_secret_basic",
    },
    ttl: { ClientCredentials: ttl, AccessToken: ttl },
    clientBasedCORS: () => true,
    ...(options.tls && { clientAuthMethods: MTLS_CLIENT_AUTH_METHODS }),
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      dPoP: { enabled: options.dpop ?? true, nonceSecret: randomBytes(32), requireNonce: () => dpopNonceRequired },
      introspection: { enabled: options.introspection ?? true },
      revocation: { enabled: true },
      ...(options.tls && { mTLS: mtlsFeature() }),
      resourceIndicators: {
        enabled: true,
        // Auth0-style `audience` maps onto RFC 8707 `resource`; neither → default audience.
        defaultResource(ctx: any, _client: unknown, oneOf?: string[]) {
          if (oneOf) return oneOf;
          return audienceParam(ctx) ?? defaultAudience;
        },
        useGrantedResource: () => true,
        getResourceServerInfo(ctx: any, resource: string, client: any) {
          // Auth0-like default: a request without `scope` gets every scope the
          // client is allowed (oidc-provider would otherwise issue no scope).
          // Runs before the grant validates scopes, for every resource.
          if (ctx.oidc?.params && ctx.oidc.params.scope === undefined && client?.scope) {
            ctx.oidc.params.scope = client.scope;
          }
          return {
            scope: RESOURCE_SCOPES,
            audience: resource,
            accessTokenTTL: ttl,
            accessTokenFormat: "jwt",
            jwt: { sign: { alg } },
          };
        },
      },
    },
  });

  if (log) {
    provider.on("server_error", (_ctx: unknown, err: Error) => log(`[auth] server_error: ${err.stack ?? err}`));
    provider.on("grant.error", (_ctx: unknown, err: Error) => log(`[auth] grant.error: ${err.message}`));
  }

  handler = provider.callback();

  let closed: Promise<void> | undefined;
  return {
    issuer,
    tokenUrl: `${issuer}/token`,
    jwksUrl: `${issuer}/jwks`,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    oauthMetadataUrl: `${issuer}/.well-known/oauth-authorization-server`,
    introspectionUrl: `${issuer}/token/introspection`,
    defaultAudience,
    clients: demoClients,
    tokenRequests: () => tokenCount,
    resetCounters: () => {
      tokenCount = 0;
    },
    requireDpopNonce: (required) => {
      dpopNonceRequired = required;
    },
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
    jwks: { keys: [{ ...createPublicKey({ key: jwk, format: "jwk" }).export({ format: "jwk" }), kid: jwk.kid, alg, use: "sig" } as PublicJwk] },
    provider,
  };
}
