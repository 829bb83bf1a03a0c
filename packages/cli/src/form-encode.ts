/**
 * The application/x-www-form-urlencoded form of a value (WHATWG URL), which RFC 6749 §2.3.1 requires for the client
 * id and secret in Basic credentials: `+`, `:`, `%` and every other reserved byte percent-encoded, a space as `+`.
 */
export function formEncode(value: string): string {
  return new URLSearchParams([["", value]]).toString().slice(1);
}
