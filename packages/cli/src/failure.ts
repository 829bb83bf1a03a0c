import { OccError } from "@occ/core";
import { EXIT, type ExitCode, UsageError } from "./exit-codes.js";

/** An error, as the CLI reports it: what happened, what to do, and the exit code. */
export interface Failure {
  code: string;
  message: string;
  hint?: string;
  status?: number;
  exitCode: ExitCode;
}

const DOCTOR = "`occ doctor` checks each step and says what to change.";

/** The low-level reason of a network failure, such as `ECONNREFUSED` or `CERT_HAS_EXPIRED`, from the error chain. */
export function networkReason(error: unknown): string | undefined {
  for (let cause = error, depth = 0; cause !== undefined && cause !== null && depth < 5; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && !code.startsWith("OCC_") && code !== "UND_ERR_SOCKET") return code;
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}

const OAUTH_HINTS: Record<string, string> = {
  invalid_client:
    "The server refused the client credentials. Check the client id and secret (a stray space or newline?). " +
    `If the secret has characters such as : + % / = the server may not decode Basic credentials: try --auth-method client_secret_post. ${DOCTOR}`,
  invalid_scope: "The client may not have that scope: compare OAUTH_SCOPE with the scopes the client is granted.",
  invalid_target: "The server does not know that resource or audience: check OAUTH_RESOURCE / OAUTH_AUDIENCE.",
  unauthorized_client: "This client may not use the client_credentials grant: enable it for the client on the server.",
  unsupported_grant_type: "The server does not offer the client_credentials grant at this endpoint.",
  invalid_request: `The server found the request malformed; it may decode client credentials its own way. ${DOCTOR}`,
};

/** What to do about an RFC 6749 §5.2 `error` from the token endpoint, when there is something to say. */
export function oauthHint(error: string): string | undefined {
  return OAUTH_HINTS[error];
}

function hintFor(error: OccError, reason: string | undefined): string | undefined {
  if (error.code === "OCC_OAUTH_ERROR") return oauthHint((error as OccError & { error: string }).error);
  switch (error.code) {
    case "OCC_INSECURE_URL":
      return "occ speaks plain http: only to loopback addresses: use the https: URL.";
    case "OCC_NETWORK_ERROR":
      return `Could not reach the endpoint${reason ? ` (${reason})` : ""}: check the URL, DNS, proxy and firewall. ${DOCTOR}`;
    case "OCC_TIMEOUT":
      return `The endpoint did not answer in time: a firewall may be dropping traffic, or the server is overloaded. ${DOCTOR}`;
    case "OCC_UNEXPECTED_REDIRECT":
      return "Token endpoints do not redirect: configure the final URL (the one the redirect points to).";
    case "OCC_UNEXPECTED_CONTENT_TYPE":
      return "That URL answered with something else than JSON — a login page or a proxy? Check the token endpoint URL, or use OAUTH_ISSUER.";
    case "OCC_UNEXPECTED_STATUS":
      return error.status === 404 ? "Nothing at that path: check the token endpoint URL, or use OAUTH_ISSUER." : undefined;
    case "OCC_DISCOVERY_FAILED":
      return "OAUTH_ISSUER must be the issuer exactly as the server's metadata names it; or set OAUTH_TOKEN_URL instead.";
    default:
      return undefined;
  }
}

function exitCodeFor(error: OccError, reason: string | undefined): ExitCode {
  switch (error.code) {
    case "OCC_INVALID_OPTIONS":
    case "OCC_INSECURE_URL":
      return EXIT.usage;
    case "OCC_NETWORK_ERROR":
    case "OCC_TIMEOUT":
      return EXIT.unreachable;
    case "OCC_DISCOVERY_FAILED":
      // Discovery fails for an unreachable issuer too: the cause tells.
      return reason !== undefined || (error.cause instanceof OccError && error.cause.code === "OCC_TIMEOUT") ? EXIT.unreachable : EXIT.failed;
    default:
      return EXIT.failed;
  }
}

/** Describes any error the commands can meet. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof UsageError) return { code: "USAGE", message: error.message, hint: "occ --help lists the commands and flags.", exitCode: EXIT.usage };
  if (error instanceof OccError) {
    const reason = networkReason(error.cause);
    const failure: Failure = { code: error.code, message: error.message, exitCode: exitCodeFor(error, reason) };
    const hint = hintFor(error, reason);
    if (hint !== undefined) failure.hint = hint;
    if (error.status !== undefined) failure.status = error.status;
    return failure;
  }
  return { code: "INTERNAL", message: `Unexpected error: ${(error as Error)?.message ?? String(error)}`, exitCode: EXIT.failed };
}
