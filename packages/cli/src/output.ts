import { formEncode } from "@occ/core/diagnostics";

/** Where the commands write, with every form of the secret taken out of anything that reaches a terminal or log. */
export interface Output {
  /** Writes to stdout. */
  out(text: string): void;
  /** Writes to stderr. */
  err(text: string): void;
  /** Replaces every form of each secret in `text` (plain, form-encoded, percent-encoded) with `[redacted]`. */
  redact(text: string): string;
}

/** Shorter secrets are not searched for: they would match ordinary words (and are no secret worth the name). */
const MIN_REDACTED_LENGTH = 8;

/**
 * An {@link Output} on the process streams. The commands never put the secret in what they write; this catches
 * the case where a server echoes it back in an error description.
 */
export function processOutput(secrets: readonly string[]): Output {
  const long = secrets.filter((secret) => secret.length >= MIN_REDACTED_LENGTH);
  // Longest first: a secret that contains another is replaced whole.
  const forms = [...new Set(long.flatMap((secret) => [secret, formEncode(secret), encodeURIComponent(secret)]))].sort((a, b) => b.length - a.length);
  const redact = (text: string) => forms.reduce((acc, form) => acc.split(form).join("[redacted]"), text);
  return {
    out: (text) => process.stdout.write(redact(text)),
    err: (text) => process.stderr.write(redact(text)),
    redact,
  };
}
