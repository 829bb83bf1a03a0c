/**
 * DPoP proof verification for the protected API (RFC 9449 §4.3, §7.1), with jose doing the JOSE work: the proof's
 * signature against its embedded public key, `typ`, `htm`, `htu`, the `iat` window, `ath`, `jti` replay, the
 * binding of the access token (`cnf.jkt`) to the proof key, and the resource server's nonce (§9) when required.
 */
import { createHash, randomBytes } from "node:crypto";
import { calculateJwkThumbprint, EmbeddedJWK, jwtVerify } from "jose";
import type { JWTPayload } from "jose";

/** Proof algorithms the API accepts (the auth server accepts the same). */
export const DPOP_ALGS = ["ES256", "EdDSA", "Ed25519", "RS256", "PS256"];
/** How far a proof's `iat` may be from the server's clock, in seconds. */
const IAT_WINDOW = 60;

/** Why a request's DPoP proof or token binding was refused: the error for `WWW-Authenticate: DPoP`. */
export interface DpopRefusal {
  error: "invalid_dpop_proof" | "invalid_token" | "use_dpop_nonce";
  description: string;
  /** The nonce to send back in `DPoP-Nonce` with a `use_dpop_nonce` refusal. */
  nonce?: string;
}

/** What the verifier is told about the request. */
export interface DpopRequest {
  method: string;
  /** The absolute request URL as the client addressed it. */
  url: string;
  /** The `DPoP` header: one proof, or absent. */
  proof: string | undefined;
  /** The access token from `Authorization: DPoP <token>`, already verified, and its claims. */
  accessToken: string;
  claims: JWTPayload;
}

function refuse(error: DpopRefusal["error"], description: string): DpopRefusal {
  return { error, description };
}

/** A verifier with its own replay memory and nonce. */
export class DpopVerifier {
  /** jti → when it may be forgotten (epoch ms): a proof older than the window is refused by `iat` anyway. */
  readonly #seen = new Map<string, number>();
  #nonce: string | undefined;

  /** Requires a nonce from now on (a fresh one each time it is switched on), or stops requiring one. */
  requireNonce(required: boolean): void {
    this.#nonce = required ? randomBytes(16).toString("base64url") : undefined;
  }

  /** Undefined when the proof is good and the token is bound to its key; otherwise why not. */
  async verify(request: DpopRequest): Promise<DpopRefusal | undefined> {
    const jkt = (request.claims.cnf as { jkt?: unknown } | undefined)?.jkt;
    if (typeof jkt !== "string") return refuse("invalid_token", "the access token is not DPoP-bound (no cnf.jkt)");
    if (request.proof === undefined) return refuse("invalid_dpop_proof", "missing DPoP proof");
    let verified: Awaited<ReturnType<typeof jwtVerify>>;
    try {
      verified = await jwtVerify(request.proof, EmbeddedJWK, { typ: "dpop+jwt", algorithms: DPOP_ALGS });
    } catch (err) {
      return refuse("invalid_dpop_proof", `proof rejected: ${(err as Error).message}`);
    }
    const { payload, protectedHeader } = verified;
    const claimsProblem = checkClaims(payload, request);
    if (claimsProblem) return refuse("invalid_dpop_proof", claimsProblem);
    if ((await calculateJwkThumbprint(protectedHeader.jwk!)) !== jkt) {
      return refuse("invalid_token", "the access token is bound to another key (cnf.jkt does not match the proof's jwk)");
    }
    if (this.#nonce !== undefined && payload.nonce !== this.#nonce) {
      return { error: "use_dpop_nonce", description: "a DPoP nonce is required", nonce: this.#nonce };
    }
    return this.#firstUse(payload.jti as string);
  }

  #firstUse(jti: string): DpopRefusal | undefined {
    const now = Date.now();
    for (const [seen, until] of this.#seen) if (until < now) this.#seen.delete(seen);
    if (this.#seen.has(jti)) return refuse("invalid_dpop_proof", "DPoP proof replayed (jti already used)");
    this.#seen.set(jti, now + 2 * IAT_WINDOW * 1000);
    return undefined;
  }
}

/** `url` without query and fragment, normalized; undefined when it is not a URL. */
function withoutQuery(url: string): string | undefined {
  const parsed = URL.parse(url);
  if (!parsed) return undefined;
  parsed.search = "";
  parsed.hash = "";
  return parsed.href;
}

/** The proof's claims against the request: `jti`, `htm`, `htu`, `iat`, `ath`. */
function checkClaims(payload: JWTPayload, request: DpopRequest): string | undefined {
  if (typeof payload.jti !== "string" || payload.jti === "") return "the proof has no jti";
  if (payload.htm !== request.method) return "htm does not match the request method";
  if (typeof payload.htu !== "string" || withoutQuery(payload.htu) !== withoutQuery(request.url)) return "htu does not match the request URL";
  if (typeof payload.iat !== "number" || Math.abs(Date.now() / 1000 - payload.iat) > IAT_WINDOW) return "iat is missing or outside the window";
  const ath = createHash("sha256").update(request.accessToken).digest("base64url");
  if (payload.ath !== ath) return "ath does not match the access token";
  return undefined;
}
