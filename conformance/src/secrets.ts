/**
 * The forms in which a leaked client secret could show up: raw, form-encoded, percent-encoded, or inside the
 * base64 Basic credentials.
 */

/** Every string whose presence in output means a secret leaked; `secret` may be a rotation list. */
export function secretForms(clientId: string, secret: string | readonly string[]): string[] {
  return (typeof secret === "string" ? [secret] : secret).flatMap((one) => {
    const form = formEncode(one);
    return [one, form, encodeURIComponent(one), JSON.stringify(one).slice(1, -1), base64Utf8(`${formEncode(clientId)}:${form}`)];
  });
}

/** The name of the first form of `secret` found in `text`, or undefined. */
export function findSecret(text: string, forms: readonly string[]): string | undefined {
  const hit = forms.find((form) => form !== "" && text.includes(form));
  return hit === undefined ? undefined : `secret form #${forms.indexOf(hit)}`;
}

/** application/x-www-form-urlencoded, as URLSearchParams writes it. */
export function formEncode(value: string): string {
  return new URLSearchParams([["", value]]).toString().slice(1);
}

/** Form-decodes one component; `+` is a space. */
export function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, " "));
}

/** base64 of the UTF-8 bytes of `text`. */
export function base64Utf8(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The UTF-8 text inside base64. */
export function unbase64Utf8(encoded: string): string {
  const binary = atob(encoded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}
