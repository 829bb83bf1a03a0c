import { OccError, STORE_ERROR } from "@occ/core";

/**
 * Thrown instead of sending a command while the client is not connected: node-redis would otherwise queue the
 * command until Redis is back, and occ's call would hang until its own timeout.
 */
export function notConnected(action: string): OccError {
  return new OccError(
    STORE_ERROR,
    `redisStore could not ${action}: the Redis client is not connected (connect() not called or not finished yet, ` +
      "or reconnecting after a lost connection). Nothing was sent or queued; see the @occ/redis README for client options.",
  );
}

/**
 * A failed command. The message keeps the error's name and text (node-redis and Redis errors name the
 * problem, never a command's arguments), so a token or stored JSON never ends up in it.
 */
export function commandFailed(action: string, cause: unknown): OccError {
  const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : "unknown error";
  return new OccError(STORE_ERROR, `redisStore could not ${action}: ${reason}`, { cause });
}

/**
 * A value that is not JSON (written by something else, or truncated). No cause: `JSON.parse` quotes the text it
 * failed on, and that text may be a token.
 */
export function notJson(redisKey: string): OccError {
  return new OccError(
    STORE_ERROR,
    `redisStore: the value under "${redisKey}" is not JSON (written by something other than occ?); occ replaces it`,
  );
}
