/** Server-provided DPoP nonces (RFC 9449 §8, §9): remembered per origin, and the challenges that demand one. */
import { challengeParams } from "./www-authenticate.js";

// RFC 9449 §8.1: nonce = 1*NQCHAR, NQCHAR = %x21 / %x23-5B / %x5D-7E.
const NONCE = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
// A token endpoint's error body is a few hundred bytes; reading more to look for `use_dpop_nonce` is not worth it.
const MAX_ERROR_BODY = 16 * 1024;

/** The latest `DPoP-Nonce` each origin sent. */
export class NonceStore {
  readonly #byOrigin = new Map<string, string>();

  /** The nonce to put in a proof for `url`. */
  get(url: string | URL): string | undefined {
    return this.#byOrigin.get(new URL(url).origin);
  }

  /** Remembers the `DPoP-Nonce` of `response` to a request for `url`, if it sent a well-formed one. */
  remember(url: string | URL, response: Response): void {
    const nonce = response.headers.get("dpop-nonce");
    // After a redirect the nonce is the final server's; `response.url` is empty for responses made in code.
    if (nonce !== null && NONCE.test(nonce)) this.#byOrigin.set(new URL(response.url || url).origin, nonce);
  }
}

async function readCapped(response: Response): Promise<string | undefined> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const decoder = new TextDecoder();
  let text = "";
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    text += decoder.decode(chunk.value, { stream: true });
    if (text.length > MAX_ERROR_BODY) {
      await reader.cancel();
      return undefined;
    }
  }
  return text + decoder.decode();
}

/**
 * Whether `response` asks for the request again with a new nonce: a 401 with a `DPoP` challenge naming
 * `use_dpop_nonce` (a resource server, §9), or a 400 with a JSON `"error": "use_dpop_nonce"` (a token endpoint, §8),
 * in each case with the nonce to use in `DPoP-Nonce`. Reads a clone, so the response stays readable.
 */
export async function isNonceChallenge(response: Response): Promise<boolean> {
  const nonce = response.headers.get("dpop-nonce");
  if (nonce === null || !NONCE.test(nonce)) return false;
  if (response.status === 401) {
    return challengeParams(response.headers.get("www-authenticate") ?? "", "DPoP")?.get("error") === "use_dpop_nonce";
  }
  if (response.status !== 400 || !/\bjson\b/i.test(response.headers.get("content-type") ?? "")) return false;
  try {
    const text = await readCapped(response.clone());
    return text !== undefined && (JSON.parse(text) as { error?: unknown } | null)?.error === "use_dpop_nonce";
  } catch {
    return false;
  }
}
