/** Where the commands write, with every form of the secret taken out of anything that reaches a terminal or log. */
export interface Output {
  /** Writes to stdout. */
  out(text: string): void;
  /** Writes to stderr. */
  err(text: string): void;
  /** Replaces every form of the secret in `text` (plain, form-encoded, percent-encoded) with `[redacted]`. */
  redact(text: string): string;
}

function formEncode(value: string): string {
  return new URLSearchParams([["", value]]).toString().slice(1);
}

/** Shorter secrets are not searched for: they would match ordinary words (and are no secret worth the name). */
const MIN_REDACTED_LENGTH = 8;

/**
 * An {@link Output} on the process streams. The commands never put the secret in what they write; this catches
 * the case where a server echoes it back in an error description.
 */
export function processOutput(secret: string | undefined): Output {
  const forms = secret === undefined || secret.length < MIN_REDACTED_LENGTH ? [] : [...new Set([secret, formEncode(secret), encodeURIComponent(secret)])];
  const redact = (text: string) => forms.reduce((acc, form) => acc.split(form).join("[redacted]"), text);
  return {
    out: (text) => process.stdout.write(redact(text)),
    err: (text) => process.stderr.write(redact(text)),
    redact,
  };
}
