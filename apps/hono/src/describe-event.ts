import type { OccEvent } from "@occ/hono";

/** `code: message` of an event's error, on one line; occ keeps secrets and tokens out of both. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return "code=unknown";
  const code = "code" in error ? String(error.code) : error.name;
  return `code=${code}: ${error.message.replace(/\s+/g, " ")}`;
}

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
    case "token_failed":
      return `[occ] token_failed background=${event.background} served=${event.served} attempts=${event.attempts} ${describeError(event.error)}`;
    case "retry":
      return `[occ] retry attempt=${event.attempt} delayMs=${Math.round(event.delayMs)} ${describeError(event.error)}`;
    case "store_error":
      return `[occ] store_error operation=${event.operation} ${describeError(event.error)}`;
    case "discovered":
      return `[occ] discovered issuer=${event.issuer} tokenUrl=${event.tokenUrl}`;
    case "credentials_switched":
      return `[occ] credentials_switched method=${event.method} secretIndex=${event.secretIndex}`;
    case "lease":
      return `[occ] lease outcome=${event.outcome}`;
    case "wait_until_failed":
      return `[occ] wait_until_failed ${describeError(event.error)}`;
  }
}
