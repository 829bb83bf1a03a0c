import { OccError, STORE_ERROR } from "../errors.js";
import type { OccEvent } from "../events.js";
import { rootMessage, safeCause } from "../util/cause.js";
import { withDeadline } from "../util/deadline.js";
import { noSecrets, type Redact } from "../util/redact.js";

/** One store operation, as named in `store_error` events. */
export type StoreOperation = "get" | "set" | "delete" | "lease";

/**
 * Runs store calls bounded by `timeout`, turning a throw, a hang or a timeout into a `store_error` event (with a
 * redacted cause: a store's error may echo the value, the token) and an undefined result.
 */
export function storeCalls(key: string, timeout: number, emit: (event: OccEvent) => void) {
  return async function call<T>(operation: StoreOperation, run: () => T | Promise<T>, redact: Redact = noSecrets): Promise<T | undefined> {
    try {
      return await withDeadline(Promise.resolve().then(run), timeout, () => new OccError(STORE_ERROR, `The token store did not finish ${operation} within ${timeout} ms`));
    } catch (error) {
      const cause = safeCause(error, redact);
      const safe = error instanceof OccError ? error : new OccError(STORE_ERROR, `The token store failed to ${operation}: ${rootMessage(cause)}`, { cause });
      emit({ type: "store_error", key, operation, error: safe });
      return undefined;
    }
  };
}
