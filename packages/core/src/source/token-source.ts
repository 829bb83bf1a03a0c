import type { ClientAuth } from "../auth/client-auth.js";
import { NETWORK_ERROR, OAuthError, OccError, UNEXPECTED_STATUS } from "../errors.js";
import type { OccEvent, TokenQuota } from "../events.js";
import type { StoredToken } from "../token-store.js";
import type { DiscoveredEndpoint } from "../discovered-endpoint.js";
import { describeUrl } from "./endpoint.js";
import { parseQuota } from "./quota.js";
import { parseTokenResponse, type TokenResponseContext } from "./token-response.js";
import { send, type Transport } from "./transport.js";

/** A token as the source obtained it, with what the cache reports about the request. */
export interface SourcedToken {
  token: StoredToken;
  /** HTTP requests made, retries and credential switches included. */
  attempts: number;
  quota: TokenQuota | undefined;
}

/**
 * Where tokens come from: one function the cache calls when it needs a new token. It knows the endpoint, the
 * client authentication, the transport and how to judge a response; the cache knows none of that.
 */
export type TokenSource = (signal: AbortSignal) => Promise<SourcedToken>;

/** What a {@link tokenSource} is made of. */
export interface TokenSourceConfig {
  endpoint: URL | DiscoveredEndpoint;
  clientId: string;
  auth: ClientAuth;
  /** Form parameters of every request besides client authentication: grant type, scope, audience, … */
  form: readonly (readonly [string, string])[];
  response: Omit<TokenResponseContext, "redact">;
  transport: Transport;
  allowInsecureHttp: boolean;
  emit: (event: OccEvent) => void;
  key: string;
}

/** The server refused the client's credentials (RFC 6749 §5.2 `invalid_client`, or a bare 401/403). */
const isRefusal = (error: unknown) =>
  error instanceof OAuthError ? error.error === "invalid_client" : error instanceof OccError && error.code === UNEXPECTED_STATUS && (error.status === 401 || error.status === 403);

/** The client-credentials grant (RFC 6749 §4.4.2) as a {@link TokenSource}. */
export function tokenSource(config: TokenSourceConfig): TokenSource {
  const { auth, transport, emit, key } = config;
  let endpoint: Promise<{ url: URL; issuer?: string }> | undefined;

  const resolveEndpoint = (): { url: URL; issuer?: string } | Promise<{ url: URL; issuer?: string }> => {
    const configured = config.endpoint;
    if (configured instanceof URL) return { url: configured };
    endpoint ??= configured
      .resolve({
        get: (url) => send(async () => ({ url: url.href, init: { headers: { accept: "application/json" } } }), transport, new AbortController().signal, true),
        allowInsecureHttp: config.allowInsecureHttp,
      })
      .then(
        (url) => {
          emit({ type: "discovered", issuer: describeUrl(configured.issuer), tokenUrl: describeUrl(url) });
          return { url, issuer: configured.issuer };
        },
        (error: unknown) => {
          // A failed discovery is not remembered: the next request tries again.
          endpoint = undefined;
          throw error;
        },
      );
    return endpoint;
  };

  return async (signal) => {
    const { url, issuer } = await resolveEndpoint();
    let attempts = 0;
    const methods = new Set<string>();
    for (let tried = 1; ; tried++) {
      methods.add(auth.method);
      const result = await send(
        async (attemptSignal) => {
          const request = {
            tokenUrl: url,
            issuer,
            form: new URLSearchParams(config.form as [string, string][]),
            headers: { "content-type": "application/x-www-form-urlencoded;charset=UTF-8", accept: "application/json" } as Record<string, string>,
            signal: attemptSignal,
          };
          await auth.apply(request);
          return { url: url.href, init: { method: "POST", headers: request.headers, body: request.form.toString() } };
        },
        transport,
        signal,
      ).catch((error: OccError) => {
        (error as { attempts?: number }).attempts = attempts + (error.attempts ?? 1);
        // With mutual TLS a refused certificate often shows as a closed connection, not as invalid_client.
        if (error.code === NETWORK_ERROR && auth.method.includes("tls")) error.message += "; the server may have refused the client certificate during the TLS handshake";
        throw error;
      });
      attempts += result.attempts;
      try {
        const token = parseTokenResponse(result, { ...config.response, redact: auth.redact });
        if (tried > 1) emit({ type: "credentials_switched", key, method: auth.method, secretIndex: auth.secretIndex });
        return { token, attempts, quota: parseQuota(result.headers, transport.now()) };
      } catch (error) {
        if (isRefusal(error) && auth.next(tried)) continue;
        if (isRefusal(error)) {
          const refusal = error as OccError;
          const detail = refusal instanceof OAuthError ? refusal.error + (refusal.errorDescription ? `: ${refusal.errorDescription}` : "") : "and no OAuth error";
          refusal.message = `${describeUrl(url)} refused client ${JSON.stringify(config.clientId)} (${[...methods].join(", ")}): ${refusal.status} ${detail}. To fix: ${auth.hint}`;
        }
        (error as { attempts?: number }).attempts = attempts;
        throw error;
      }
    }
  };
}
