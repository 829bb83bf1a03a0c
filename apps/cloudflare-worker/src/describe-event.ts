import type { OccEvent } from "@occ/cloudflare";

/**
 * One log line per occ event, e.g. `[occ] token_fetched background=false attempts=1 durationMs=38 expiresIn=300s`.
 * Events never carry the secret or the token, so the whole line is safe to log.
 */
export function describeEvent(event: OccEvent, now: number = Date.now()): string {
  const expiresIn = (expiresAt: number) => `expiresIn=${Math.round((expiresAt - now) / 1000)}s`;
  switch (event.type) {
    case "token_fetched":
      return `[occ] token_fetched background=${event.background} attempts=${event.attempts} durationMs=${Math.round(event.durationMs)} ${expiresIn(event.expiresAt)}`;
    case "token_cached":
      return `[occ] token_cached source=${event.source} ${expiresIn(event.expiresAt)}`;
    case "token_failed": {
      const retry = event.retryAt === undefined ? "" : ` retryIn=${Math.max(0, Math.round((event.retryAt - now) / 1000))}s`;
      return `[occ] token_failed code=${event.error.code} attempts=${event.attempts} background=${event.background} served=${event.served}${retry}: ${event.error.message}`;
    }
    case "retry":
      return `[occ] retry attempt=${event.attempt} delayMs=${Math.round(event.delayMs)} code=${event.error.code}: ${event.error.message}`;
    case "store_error":
      return `[occ] store_error operation=${event.operation} code=${event.error.code}: ${event.error.message}`;
    case "discovered":
      return `[occ] discovered issuer=${event.issuer} tokenUrl=${event.tokenUrl}`;
    case "credentials_switched":
      return `[occ] credentials_switched method=${event.method} secretIndex=${event.secretIndex}`;
    case "lease":
      return `[occ] lease outcome=${event.outcome}`;
    case "wait_until_failed":
      return `[occ] wait_until_failed ${event.error instanceof Error ? `${event.error.name}: ${event.error.message}` : "(not an Error)"}`;
  }
}

/** Whether an event reports something that went wrong: logged as a warning rather than as information. */
export const isFailure = (event: OccEvent): boolean =>
  event.type === "token_failed" || event.type === "store_error" || event.type === "wait_until_failed" || event.type === "retry";
