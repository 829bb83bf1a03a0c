/**
 * Removes secrets from text that came back from a server (an error description that echoes the request, say)
 * before that text goes into an error users will log. `values` are the secret in every form occ sends it.
 */
export function redactor(values: readonly string[]): (text: string) => string {
  const forms = [...new Set(values.filter((value) => value.length >= 4))];
  if (forms.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const form of forms) out = out.split(form).join("[REDACTED]");
    return out;
  };
}
