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
  const forms = [...new Set(values.filter((value) => value.length >= 4))]
    .sort((a, b) => b.length - a.length)
    .map((form) =>
      form.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/%([0-9A-F])([0-9A-F])/g, (_, a: string, b: string) => "%" + eitherCase(a) + eitherCase(b)),
    );
  if (forms.length === 0) return noSecrets;
  const pattern = new RegExp(forms.join("|"), "g");
  return (text) => text.replace(pattern, "[REDACTED]");
}
