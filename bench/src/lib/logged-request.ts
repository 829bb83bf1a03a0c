/** One token request as the bench server (servers.ts) saw it: `GET /__log/<ns>` answers a list of them. */
export interface LoggedRequest {
  /** Arrival, epoch ms. */
  at: number;
  /** When the token was sent; absent while the request is held, or when the client went away first. */
  answeredAt?: number;
  /** The client closed its connection before the answer (its process was killed mid-request). */
  aborted?: boolean;
}
