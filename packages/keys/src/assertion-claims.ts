/** The claims of a client assertion (RFC 7523 §3), shared by `privateKeyJwt` and `clientSecretJwt`. */
import type { AssertionContext } from "@occ/core";
import { invalidOptions } from "./errors.js";

/** Seconds an assertion is valid for when no `lifetime` is given: long enough for one request, no longer. */
export const DEFAULT_LIFETIME = 60;

/** The lifetime option, checked: a whole number of seconds, at least 1. */
export function checkLifetime(where: string, lifetime: unknown): number {
  if (lifetime === undefined) return DEFAULT_LIFETIME;
  if (typeof lifetime !== "number" || !Number.isInteger(lifetime) || lifetime < 1) {
    throw invalidOptions(where, "lifetime must be a whole number of seconds, at least 1");
  }
  return lifetime;
}

/**
 * `iss` and `sub` are the client id; `aud` is the token endpoint, and also the issuer when core discovered the
 * endpoint from one (some servers only accept the issuer); a fresh `jti` lets the server refuse a replay.
 */
export function assertionClaims(ctx: AssertionContext, lifetime: number): Record<string, unknown> {
  const iat = Math.floor(Date.now() / 1000);
  const aud = ctx.issuer !== undefined && ctx.issuer !== ctx.tokenUrl ? [ctx.tokenUrl, ctx.issuer] : ctx.tokenUrl;
  return { iss: ctx.clientId, sub: ctx.clientId, aud, jti: crypto.randomUUID(), iat, exp: iat + lifetime };
}
