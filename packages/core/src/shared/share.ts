import type { Pause } from "../cache/pause.js";
import type { ShareConfig, SharedTokens } from "../cache/shared-tokens.js";
import { OccError, STORE_ERROR } from "../errors.js";
import type { StoredToken, TokenStore } from "../token-store.js";
import { redactor } from "../util/redact.js";
import { coordinate } from "./coordinate.js";
import { pauseFromRecord, pauseRecord } from "./pause-record.js";
import { storeCalls } from "./store-calls.js";
import { storedPause, storedToken } from "./stored-token.js";

/** The longest pause taken from another instance's record. */
const MAX_SHARED_PAUSE_MS = 3_600_000;

let owners = 0;

/**
 * How a client shares tokens through `store`: `<key>` holds the token, `<key>:pause` a pause, and the lease is
 * named `<key>`. Reads are checked like token responses; writes happen in the caller's background.
 */
export function share(store: TokenStore, config: ShareConfig): SharedTokens {
  const { key, now, emit } = config;
  const call = storeCalls(key, config.timeout, emit);
  const pauseKey = `${key}:pause`;
  // Tells this client's lease apart from every other instance's.
  const owner = `${now().toString(36)}.${Math.random().toString(36).slice(2)}.${++owners}`;
  const hasLease = typeof store.acquireLease === "function" && typeof store.releaseLease === "function";
  const ttlSeconds = (until: number) => Math.max(1, Math.ceil((until - now()) / 1000));

  // Whether the last read failed (the store threw, hung or held garbage), which was reported then.
  let readFailed = false;
  const readToken = async (): Promise<StoredToken | undefined> => {
    const found = await call("get", async () => {
      const value = await store.get(key);
      return value === undefined || value === null ? null : storedToken(value, config);
    });
    readFailed = found === undefined || typeof found === "string";
    if (typeof found !== "string") return found ?? undefined;
    emit({ type: "store_error", key, operation: "get", error: new OccError(STORE_ERROR, `The token store held ${found}; it is ignored and replaced`) });
    return undefined;
  };
  const release = async (held: boolean) => {
    if (held && (await call("lease", () => store.releaseLease!(key, owner))) === false) emit({ type: "lease", key, outcome: "lost" });
  };

  return {
    spread: !hasLease,
    async token(usable) {
      const token = await readToken();
      return token && usable(token) ? token : undefined;
    },
    async pause(): Promise<Pause | undefined> {
      const record = await call("get", async () => storedPause(await store.get(pauseKey), now(), MAX_SHARED_PAUSE_MS));
      return record && pauseFromRecord(record);
    },
    async coordinate(ttlMs, serving, usable, signal) {
      if (!hasLease) return { held: false };
      const outcome = await coordinate(
        async (ttl) => call("lease", async () => (await store.acquireLease!(key, owner, ttl)) === true),
        readToken,
        (outcome) => emit({ type: "lease", key, outcome }),
        ttlMs,
        serving,
        usable,
        signal,
      );
      // The previous holder may have stored its token and released the lease between this instance's last read and
      // its acquire: look once more before asking the endpoint — unless that read failed, which would fail again.
      if (outcome === "busy" || !("held" in outcome) || !outcome.held || readFailed) return outcome;
      const landed = await readToken();
      if (landed === undefined || !usable(landed)) return outcome;
      await release(true);
      return { token: landed };
    },
    async publish(token, held) {
      await call("set", () => store.set(key, token, ttlSeconds(token.expiresAt)), redactor([token.accessToken]));
      await release(held);
    },
    release,
    async sharePause(pause) {
      await call("set", () => store.set(pauseKey, pauseRecord(pause), ttlSeconds(pause.until)));
    },
    async remove() {
      await call("delete", () => store.delete(key));
    },
  };
}
