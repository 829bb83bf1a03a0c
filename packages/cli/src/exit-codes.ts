/** The process exit codes, documented in `occ --help` and the README. */
export const EXIT = {
  /** Everything worked; `doctor` found nothing worse than warnings. */
  ok: 0,
  /** The server refused the token request, or a `doctor` check failed. */
  failed: 1,
  /** Bad flags or configuration: nothing was sent. */
  usage: 2,
  /** The endpoint could not be reached: DNS, TCP, TLS or timeout. */
  unreachable: 3,
} as const;

/** One of {@link EXIT}'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A mistake on the command line; exits with {@link EXIT.usage}. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
