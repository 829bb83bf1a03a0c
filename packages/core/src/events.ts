import type { OccError } from "./errors.js";
import type { AuthMethod } from "./credentials.js";

/**
 * What the token endpoint said about its rate limit or quota (`RateLimit-*`, `X-RateLimit-*`, Auth0's
 * `Auth0-Client-Quota-Limit`), so an operator sees a monthly machine-to-machine quota draining.
 */
export interface TokenQuota {
  /** The header it was read from, lower case. */
  header: string;
  limit?: number;
  remaining?: number;
  /** When the quota or limit resets, in epoch milliseconds. */
  resetAt?: number;
}

/** Events reported through {@link ClientOptions.onEvent}. None carries a secret or an access token. */
export type OccEvent =
  | {
      /** A token came from the token endpoint. */
      type: "token_fetched";
      key: string;
      expiresAt: number;
      /** Attempts made, 1 when no retry was needed. */
      attempts: number;
      durationMs: number;
      /** True when this was a refresh-ahead in the background. */
      background: boolean;
      /** The endpoint's rate-limit or quota headers, when it sent any. */
      quota?: TokenQuota;
    }
  | {
      /** A token was served without a request: from this client's memory or from the store. */
      type: "token_cached";
      key: string;
      expiresAt: number;
      source: "memory" | "store";
    }
  | {
      /**
       * Getting a token failed: a request that failed (after its retries), or a call refused at once during a
       * pause (`attempts: 0`) — a `Retry-After` or a cool-down after failures.
       */
      type: "token_failed";
      key: string;
      error: OccError;
      /** Requests made; 0 when the call was refused during a pause without asking the server. */
      attempts: number;
      durationMs: number;
      /** True for a refresh-ahead in the background. */
      background: boolean;
      /** True when a still-valid cached token was served despite the failure. */
      served: boolean;
      /** No token request is sent before this (epoch ms): the pause that follows this failure. */
      retryAt?: number;
    }
  | {
      /** A token request attempt failed and will be retried after `delayMs`. */
      type: "retry";
      key: string;
      attempt: number;
      delayMs: number;
      error: OccError;
    }
  | {
      /** The store failed, hung, or held something that is not a valid entry; occ carried on without it. */
      type: "store_error";
      key: string;
      operation: "get" | "set" | "delete" | "lease";
      error: OccError;
    }
  | {
      /** The token endpoint was discovered from the issuer's metadata. */
      type: "discovered";
      issuer: string;
      tokenUrl: string;
    }
  | {
      /**
       * The server refused the credentials in use and other configured ones worked: the next secret of a rotation
       * list, or `client_secret_post` after Basic credentials the server did not decode. Remembered from then on.
       */
      type: "credentials_switched";
      key: string;
      /** The client-authentication method that worked. */
      method: AuthMethod;
      /** Which entry of `clientSecret` worked, 0 for the first; never the secret itself. */
      secretIndex: number;
    }
  | {
      /** Fleet coordination through the store's lease: who refreshes a shared token. */
      type: "lease";
      key: string;
      /**
       * `acquired`: this instance refreshes; `busy`: another one is, this one keeps serving its token;
       * `taken_over`: the holder did not deliver within its lease and this instance took over;
       * `lost`: this instance's refresh outlived its lease.
       */
      outcome: "acquired" | "busy" | "taken_over" | "lost";
    }
  | {
      /** The `waitUntil` hook threw (an unbound `ctx.waitUntil` does); the work went on without it. */
      type: "wait_until_failed";
      key: string;
      error: unknown;
    };
