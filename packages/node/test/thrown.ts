import { OccError } from "@occ/core";
import { expect } from "vitest";

/** The OccError `fn` throws; fails the test when it throws something else or nothing. */
export function thrown(fn: () => unknown): OccError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(OccError);
    return error as OccError;
  }
  throw new Error("nothing was thrown");
}
