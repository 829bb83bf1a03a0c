import { JSON_TYPE, badParameter, json, tokenBody, write } from "./http.ts";
import type { FaultRequest, ScenarioHandler } from "./http.ts";

/** Answers the usual token response with `access_token` replaced. */
function withAccessToken(r: FaultRequest, accessToken: string): void {
  json(r.res, 200, { ...tokenBody(r), access_token: accessToken });
}

/** `?name=` as a JSON value, as the test wrote it (`1e308`, `"1e308"`, `-5`), so it reaches the body unchanged. */
function rawJsonParam(r: FaultRequest, name: string, fallback: string): string | undefined {
  const raw = r.query.get(name) ?? fallback;
  try {
    JSON.parse(raw);
    return raw;
  } catch {
    badParameter(r.res, name, "a JSON value, e.g. 1e308, \"1e308\" or -5");
    return undefined;
  }
}

const base64url = (text: string) => Buffer.from(text, "utf8").toString("base64url");

/**
 * Token responses a client must not pass on as they are: an access token that would break or smuggle an HTTP
 * header (CR/LF, NUL, non-ASCII, invalid UTF-8, surrounding whitespace), a token type that is not Bearer, and
 * lifetimes that overflow a clock.
 */
export const unsafeTokenScenarios = {
  "token-crlf": (r) => withAccessToken(r, `tok-${r.n}\r\nx-injected: 1`),
  "token-nul": (r) => withAccessToken(r, `tok-${r.n}\u0000x`),
  // `?char=` is the hex code point to put in the token (default e9, "é"; 7f is DEL, 2028 a line separator).
  "token-non-ascii": (r) => {
    const code = Number.parseInt(r.query.get("char") ?? "e9", 16);
    if (!Number.isInteger(code) || code < 0x7f || code > 0x10ffff) return badParameter(r.res, "char", "a hex code point from 7f");
    withAccessToken(r, `tok-${r.n}-${String.fromCodePoint(code)}`);
  },
  // Bytes that are not UTF-8 (0xFF 0xFE) inside the JSON string; a decoder turns them into U+FFFD.
  "token-invalid-utf8": (r) => {
    const { token_type, expires_in } = tokenBody(r);
    const body = Buffer.concat([
      Buffer.from(`{"access_token":"tok-${r.n}-`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`","token_type":"${token_type}","expires_in":${expires_in}}`),
    ]);
    write(r.res, 200, JSON_TYPE, body);
  },
  "token-whitespace": (r) => withAccessToken(r, ` tok-${r.n} `),
  // `?type=` is the token_type, as given (default "mac"; e.g. N_A, DPoP, bearer).
  "token-type": (r) => json(r.res, 200, { ...tokenBody(r), token_type: r.query.get("type") ?? "mac" }),
  // `?value=` is expires_in as JSON text (default 1e308).
  "expires-in": (r) => {
    const value = rawJsonParam(r, "value", "1e308");
    if (value === undefined) return;
    write(r.res, 200, JSON_TYPE, `{"access_token":"tok-${r.n}","token_type":"Bearer","expires_in":${value}}`);
  },
  // A JWT access token whose `exp` is `?exp=` as JSON text (default 1e308), and no expires_in.
  "jwt-exp": (r) => {
    const exp = rawJsonParam(r, "exp", "1e308");
    if (exp === undefined) return;
    const header = base64url(JSON.stringify({ alg: "HS256", typ: "at+jwt" }));
    const payload = base64url(`{"iss":"${r.origin}","sub":"fault","iat":${Math.floor(Date.now() / 1000)},"exp":${exp}}`);
    json(r.res, 200, { access_token: `${header}.${payload}.${base64url(`fault-signature-${r.n}`)}`, token_type: "Bearer" });
  },
} satisfies Record<string, ScenarioHandler>;
