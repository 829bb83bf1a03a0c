import type { OccEvent } from "@occ/deno";

/**
 * One log line per occ event, e.g. `[occ] token_fetched background=false attempts=1 durationMs=38 expiresIn=300s`.
 * Events never carry the secret or the token, so the whole line is safe to log.
 */
export function describeEvent(event: OccEvent, now: number = Date.now()): string {
  const seconds = (name: string, at: number) => `${name}=${Math.round((at - now) / 1000)}s`;
  switch (event.type) {
    case "token_fetched":
      return `[occ] token_fetched background=${event.background} attempts=${event.attempts} durationMs=${Math.round(event.durationMs)} ${seconds("expiresIn", event.expiresAt)}`;
    case "token_cached":
      return `[occ] token_cached source=${event.source} ${seconds("expiresIn", event.expiresAt)}`;
    case "token_failed": {
      // attempts=0: refused during a pause without asking the server; served=true: the cached token was still good.
      const pause = event.retryAt === undefined ? "" : ` ${seconds("retryIn", event.retryAt)}`;
      return `[occ] token_failed background=${event.background} attempts=${event.attempts} served=${event.served} code=${event.error.code}${pause}: ${event.error.message}`;
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
      return `[occ] wait_until_failed: ${event.error instanceof Error ? event.error.message : String(event.error)}`;
  }
}
