import { CLIENT_ASSERTION_FAILED, INVALID_OPTIONS, OccError } from "./errors.js";
import type { ClientAssertion } from "./credentials.js";
import { rootMessage, safeCause } from "./util/cause.js";
import { jwtExpiresAt } from "./util/jwt.js";
import { noSecrets } from "./util/redact.js";

/**
 * A client assertion kept in a file that something else rotates — a Kubernetes projected service-account token
 * for workload identity federation, a SPIFFE JWT-SVID, a CI OIDC token. The file is read for every token request, so
 * a rotated file is picked up without a restart. Runtime-neutral: the adapter gives `readText` (Node, Deno).
 *
 * A missing, unreadable, empty or expired file fails the token request with `OCC_CLIENT_ASSERTION_FAILED`, naming
 * the path (never the content).
 *
 * @throws {OccError} `OCC_INVALID_OPTIONS` when `path` is not a non-empty string.
 */
export function fileAssertion(path: string, readText: (path: string) => Promise<string>, now: () => number = Date.now): ClientAssertion {
  if (typeof path !== "string" || path.trim() === "") throw new OccError(INVALID_OPTIONS, "The client assertion file must be a non-empty path");
  const fail = (problem: string, cause?: unknown) =>
    new OccError(CLIENT_ASSERTION_FAILED, `The client assertion file ${path} ${problem}`, { cause: safeCause(cause, noSecrets) });
  const read = async () => {
    let text: string;
    try {
      text = await readText(path);
    } catch (error) {
      throw fail(`cannot be read: ${rootMessage(safeCause(error, noSecrets))}`, error);
    }
    const assertion = text.trim();
    if (assertion === "") throw fail("is empty");
    const expiresAt = jwtExpiresAt(assertion);
    if (expiresAt !== undefined && expiresAt <= now()) {
      throw fail(`holds a token that expired at ${new Date(expiresAt).toISOString()}; whatever rotates it has stopped`);
    }
    return assertion;
  };
  return Object.assign(read, { credentialId: `file:${path}` });
}
