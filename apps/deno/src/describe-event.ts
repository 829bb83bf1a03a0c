import type { OccEvent } from "@occ/deno";

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
    case "refresh_failed":
      return `[occ] refresh_failed code=${event.error.code} ${expiresIn(event.expiresAt)}: ${event.error.message}`;
    case "retry":
      return `[occ] retry attempt=${event.attempt} delayMs=${Math.round(event.delayMs)} code=${event.error.code}: ${event.error.message}`;
    case "store_error":
      return `[occ] store_error operation=${event.operation}`;
    case "discovered":
      return `[occ] discovered issuer=${event.issuer} tokenUrl=${event.tokenUrl}`;
  }
}
