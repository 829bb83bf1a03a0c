/** Removes secrets from text before it goes into an error, a cause or an event users will log. */
export type Redact = (text: string) => string;

/** Leaves text as it is: for client authentication without a secret. */
export const noSecrets: Redact = (text) => text;

const eitherCase = (c: string) => `[${c.toLowerCase()}${c.toUpperCase()}]`;

/**
 * A {@link Redact} for `values`, the secret in every form occ sends it. Percent-escapes match in either case, since
 * a server or a fetch wrapper may echo `%3A` as `%3a`.
 */
export function redactor(values: readonly string[]): Redact {
  const forms = [...new Set(values.filter((value) => value.length >= 4))].sort((a, b) => b.length - a.length);
  if (forms.length === 0) return noSecrets;
  // Compiled on first use: most clients never have text to redact, and a client is kept for its process's life.
  let pattern: RegExp | undefined;
  return (text) => {
    pattern ??= new RegExp(
      forms.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/%([0-9A-F])([0-9A-F])/g, (_, a: string, b: string) => "%" + eitherCase(a) + eitherCase(b))).join("|"),
      "g",
    );
    return text.replace(pattern, "[REDACTED]");
  };
}
