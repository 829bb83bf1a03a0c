import { type OccEvent, OccError } from "@occ/core";

/** One line, whatever the message holds: Workers logs show each line as its own entry. */
const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

function describeError(error: unknown): string {
  if (error instanceof Error) return oneLine(`${error instanceof OccError ? error.code : error.name}: ${error.message}`);
  return "an error that is not an Error";
}

/**
 * The `onEvent` that `createClient` uses when you give none: logs what failed, one line each, so failures show in
 * `wrangler tail` and Workers Logs. `token_failed` goes to `console.error` (`console.warn` when a still-valid token
 * was served), `store_error` and `wait_until_failed` to `console.warn`; other events are not logged. Lines hold the
 * error code and message, which occ keeps free of secrets and tokens. Call it from your own `onEvent` to keep it.
 *
 * @example
 * ```ts
 * createClient(env, ctx, { onEvent: (event) => { logFailures(event); metrics.record(event); } });
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
