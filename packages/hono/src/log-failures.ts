import type { OccEvent } from "@occ/core";

/** One line whatever the message holds, so a log collector keeps it as one entry. */
const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

function describeError(error: unknown): string {
  if (error instanceof Error) return oneLine(`${"code" in error ? String(error.code) : error.name}: ${error.message}`);
  return "an error that is not an Error";
}

/**
 * The `onEvent` that {@link clientCredentials} uses when the options give none: one line per failure, so a token
 * endpoint that refuses or is down shows in the logs and not only as a 502/503. `token_failed` goes to
 * `console.error` (`console.warn` when a still-valid token was served), `store_error` and `wait_until_failed` to
 * `console.warn`; other events are not logged. A line holds the error's code and message, which occ keeps free of
 * secrets and tokens. Your own `onEvent` replaces it; call it from there to keep these lines.
 *
 * @example
 * ```ts
 * clientCredentials({ onEvent: (event) => { logFailures(event); metrics.record(event); } });
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
