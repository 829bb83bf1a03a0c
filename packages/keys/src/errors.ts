/**
 * The errors this package raises. Messages say what is wrong and what to do; they never quote the key, the secret,
 * or any part of the input, because the input is key material.
 */
import { INVALID_KEY, INVALID_OPTIONS, OccError, type OccErrorCode } from "@occ/core";

/** The key, secret or algorithm given to `where` (e.g. `privateKeyJwt`) is malformed or unsupported. */
export function invalidKey(where: string, problem: string): OccError {
  return new OccError(INVALID_KEY, `@occ/keys ${where}: ${problem}`);
}

/** An option other than the key is invalid. */
export function invalidOptions(where: string, problem: string): OccError {
  return new OccError(INVALID_OPTIONS, `@occ/keys ${where}: ${problem}`);
}

/**
 * A Web Crypto call failed: importing the key (a key our checks could not fault, or an algorithm the runtime lacks)
 * or signing. Only the error's `name` (such as `DataError` or `NotSupportedError`) is kept: the error itself stays
 * out of `cause`, as a runtime may describe the key data in it.
 */
export function cryptoFailed(code: OccErrorCode, where: string, step: string, error: unknown): OccError {
  const name = error instanceof Error || error instanceof DOMException ? error.name : typeof error;
  return new OccError(code, `@occ/keys ${where}: ${step} failed (${name})`);
}
