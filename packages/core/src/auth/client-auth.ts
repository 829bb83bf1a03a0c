import type { AuthMethod } from "../credentials.js";
import type { Redact } from "../util/redact.js";

/** A token request being built for one attempt; a client-authentication strategy adds its credentials to it. */
export interface TokenRequest {
  tokenUrl: URL;
  /** The issuer, when the endpoint was discovered. */
  issuer: string | undefined;
  form: URLSearchParams;
  headers: Record<string, string>;
  /** Fires when the attempt is cancelled or times out. */
  signal: AbortSignal;
}

/**
 * How a client proves who it is at the token endpoint (RFC 6749 §2.3, RFC 7523, RFC 8705): one strategy per
 * method family, each owning its validation, its change to the request, and the forms of its secret that must
 * never be shown. Adding a method is a new strategy and a line in `select.ts`.
 */
export interface ClientAuth {
  /** The method in use now; rotation and the Basic fallback can change it. */
  readonly method: AuthMethod;
  /** Which `clientSecret` entry is in use, for events (never the secret). */
  readonly secretIndex: number;
  /** Tells credentials apart in cache keys without revealing them. */
  readonly credentialId: string;
  /** Removes this strategy's secrets from text. */
  readonly redact: Redact;
  /** Adds the credentials to a request. Called once per attempt. */
  apply(request: TokenRequest): void | Promise<void>;
  /**
   * The server refused the credentials in use: switch to the next configured ones and return true, or false when
   * there are none left to try for this request.
   */
  next(tried: number): boolean;
  /** What to check when the server refuses these credentials; ends an error message. */
  readonly hint: string;
}

/** For strategies with a single way to authenticate. */
export const noAlternative = () => false;
