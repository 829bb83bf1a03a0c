import type { AccessToken } from "./types.js";

/** Why a 401 deserves a new token: the server said `invalid_token`, or named no error at all (RFC 6750 §3). */
function tokenRejected(response: Response): boolean {
  if (response.status !== 401) return false;
  const challenge = response.headers.get("www-authenticate");
  if (challenge === null) return true;
  const error = /\berror\s*=\s*"?([^",\s]*)/i.exec(challenge)?.[1];
  return error === undefined || error === "invalid_token";
}

function authorized(headers: HeadersInit | undefined, token: AccessToken): Headers {
  const result = new Headers(headers);
  result.set("authorization", `${token.tokenType} ${token.accessToken}`);
  return result;
}

export interface AuthenticatedFetchDeps {
  fetch: typeof fetch;
  getToken: (signal: AbortSignal | undefined) => Promise<AccessToken>;
  /**
   * A new token to replace `rejected` (another caller's replacement when there is one), or undefined when
   * `rejected` was itself a replacement moments ago: an API that rejects every token gets its 401 back.
   */
  replaceToken: (rejected: AccessToken, signal: AbortSignal | undefined) => Promise<AccessToken | undefined>;
}

/**
 * `fetch` with the access token. On a rejected token it replays once with a new one; a second 401 is returned
 * as it is. Bodies that can be read only once (streams, Request objects) are teed up front so the replay sends them again.
 */
export function authenticatedFetch(deps: AuthenticatedFetchDeps): (input: RequestInfo | URL, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    let send: (token: AccessToken) => Promise<Response>;
    let signal = init?.signal ?? undefined;
    if (input instanceof Request || init?.body instanceof ReadableStream) {
      const request = new Request(input, init);
      signal = request.signal;
      const spare = request.body === null ? request : request.clone();
      let sent = 0;
      send = (token) => deps.fetch(new Request(sent++ === 0 ? request : spare, { headers: authorized(request.headers, token) }));
    } else {
      // Strings, buffers, forms and search params can be sent twice as they are: no Request to build.
      send = (token) => deps.fetch(input, { ...init, headers: authorized(init?.headers, token) });
    }

    const token = await deps.getToken(signal);
    const response = await send(token);
    if (!tokenRejected(response)) return response;
    const replacement = await deps.replaceToken(token, signal);
    if (replacement === undefined) return response;
    response.body?.cancel().catch(() => {});
    return send(replacement);
  };
}
