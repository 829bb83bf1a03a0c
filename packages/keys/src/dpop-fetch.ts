/** A `fetch` that sends a DPoP proof with every request and answers one nonce challenge (RFC 9449 §8, §9). */
import { isNonceChallenge, type NonceStore } from "./dpop-nonces.js";
import { httpMethod } from "./dpop-proof.js";

/** Signs a proof for a request; `accessToken` when the request carries `Authorization: DPoP <token>`. */
export type ProofFor = (method: string, url: string, accessToken?: string) => Promise<string>;

/** What a wrapped request needs to know about itself, and a way to send it (again) with a given proof. */
interface Outgoing {
  method: string;
  url: string;
  accessToken: string | undefined;
  send(proof: string): Promise<Response>;
}

function dpopToken(headers: Headers): string | undefined {
  return /^DPoP +(\S+) *$/i.exec(headers.get("authorization") ?? "")?.[1];
}

function withProof(headers: Headers, proof: string): Headers {
  const result = new Headers(headers);
  result.set("dpop", proof);
  return result;
}

/**
 * Bodies that can be read only once (streams, Request objects) are teed up front so the retry sends them again;
 * strings, buffers, forms and search params are passed as they are, twice if need be.
 */
function outgoing(inner: typeof fetch, input: RequestInfo | URL, init: RequestInit | undefined): Outgoing {
  if (input instanceof Request || init?.body instanceof ReadableStream) {
    const request = new Request(input, init);
    const spare = request.body === null ? request : request.clone();
    let sent = 0;
    return {
      method: request.method,
      url: request.url,
      accessToken: dpopToken(request.headers),
      send: (proof) => inner(new Request(sent++ === 0 ? request : spare, { headers: withProof(request.headers, proof) })),
    };
  }
  const headers = new Headers(init?.headers);
  return {
    method: httpMethod(init?.method ?? "GET"),
    url: input instanceof URL ? input.href : String(input),
    accessToken: dpopToken(headers),
    send: (proof) => inner(input, { ...init, headers: withProof(headers, proof) }),
  };
}

/** Wraps `inner` so each request carries a fresh proof and a `use_dpop_nonce` challenge is retried once. */
export function dpopFetch(inner: typeof fetch, proofFor: ProofFor, nonces: NonceStore): typeof fetch {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = outgoing(inner, input, init);
    const first = await request.send(await proofFor(request.method, request.url, request.accessToken));
    nonces.remember(request.url, first);
    if (!(await isNonceChallenge(first))) return first;
    await first.body?.cancel().catch(() => {});
    const second = await request.send(await proofFor(request.method, request.url, request.accessToken));
    nonces.remember(request.url, second);
    return second;
  };
}
