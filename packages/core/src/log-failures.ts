import { OccError } from "./errors.js";
import type { OccEvent } from "./events.js";

/** One line whatever the message holds, so a log collector (Workers Logs, journald) keeps it as one entry. */
const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

function describeError(error: unknown): string {
  if (error instanceof Error) return oneLine(`${error instanceof OccError ? error.code : error.name}: ${error.message}`);
  return "an error that is not an Error";
}

/**
 * An `onEvent` that logs what failed, one line each, so a token endpoint that refuses or is down shows in the logs:
 * `token_failed` to `console.error` (`console.warn` when a still-valid token was served), `store_error` and
 * `wait_until_failed` to `console.warn`; other events are not logged. A line holds the error's code and message,
 * which occ keeps free of secrets and tokens. `@occ/cloudflare` and `@occ/hono` use it when you give no `onEvent`;
 * call it from your own to keep these lines.
 *
 * @example
 * ```ts
 * import { createClient, logFailures } from "@occ/core";
 * const client = createClient({ tokenUrl: "https://auth.example.com/token", clientId: "svc", clientSecret: "s3cret", onEvent: logFailures });
 * console.log(String(client));
 * ```
 */
export function logFailures(event: OccEvent): void {
  switch (event.type) {
    case "token_failed": {
      const retry = event.retryAt === undefined ? "" : ` retryAt=${new Date(event.retryAt).toISOString()}`;
      const details = `attempts=${event.attempts} background=${event.background} served=${event.served}${retry}`;
      (event.served ? console.warn : console.error)(`[occ] token_failed ${describeError(event.error)} (${details})`);
      return;
    }
    case "store_error":
      console.warn(`[occ] store_error operation=${event.operation} ${describeError(event.error)}`);
      return;
    case "wait_until_failed":
      console.warn(`[occ] wait_until_failed ${describeError(event.error)}`);
      return;
  }
}
