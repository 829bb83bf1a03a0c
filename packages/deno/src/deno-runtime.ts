import { INVALID_OPTIONS, OccError } from "@occ/core";

/** The parts of the `Deno` namespace the adapter uses. Only this package ever touches `Deno`. */
export type DenoRuntime = Pick<typeof Deno, "env" | "permissions" | "errors" | "readTextFileSync">;

/** The running Deno, or a clear error when `@occ/deno` is loaded by another runtime. */
export function denoRuntime(): DenoRuntime {
  const deno = (globalThis as { Deno?: typeof Deno }).Deno;
  if (deno === undefined) {
    throw new OccError(INVALID_OPTIONS, "@occ/deno runs on Deno only; elsewhere use createClient from @occ/core");
  }
  return deno;
}
