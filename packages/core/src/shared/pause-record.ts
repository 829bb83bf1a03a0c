import { OccError } from "../errors.js";
import type { Pause } from "../cache/pause.js";
import type { StoredPause } from "../token-store.js";

/** A pause as stored for the fleet: plain JSON, the error's code and message (already free of secrets). */
export const pauseRecord = ({ until, error }: Pause): StoredPause => ({
  pausedUntil: until,
  code: error.code,
  message: error.message,
  ...(error.status !== undefined && { status: error.status }),
});

/** A pause another instance stored, as this client's own. */
export const pauseFromRecord = (record: StoredPause): Pause => ({
  until: record.pausedUntil,
  error: new OccError(record.code as OccError["code"], `${record.message} (learned from another instance sharing the store)`, {
    status: record.status,
    retryAt: record.pausedUntil,
  }),
});
