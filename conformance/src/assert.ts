/**
 * The suite's own assertions: plain `Error`s, no test framework, so every runtime runs them unchanged.
 */
import { OccError } from "@occ/core";

/** Thrown by a failed assertion; the runner reports its message. */
export class AssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AssertionError";
  }
}

/** Fails with `message` unless `condition` holds. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/** Fails unless `actual` and `expected` serialize to the same JSON. */
export function equal(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new AssertionError(`${what}: expected ${e}, got ${a}`);
}

/** Runs `action`, which must fail with an {@link OccError} carrying `code`; returns that error. */
export async function rejectsWith(action: () => unknown, code: string, what: string): Promise<OccError> {
  let error: unknown;
  try {
    await action();
  } catch (caught) {
    error = caught;
  }
  if (error === undefined) throw new AssertionError(`${what}: expected ${code}, but it succeeded`);
  if (!(error instanceof OccError)) {
    throw new AssertionError(`${what}: expected an OccError ${code}, got ${describe(error)}`);
  }
  if (error.code !== code) throw new AssertionError(`${what}: expected ${code}, got ${error.code} (${error.message})`);
  return error;
}

/** A one-line description of anything thrown, for failure messages. */
export function describe(error: unknown): string {
  if (error instanceof OccError) return `${error.name} ${error.code}: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
