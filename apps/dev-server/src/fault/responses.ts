import { HTML_TYPE, JSON_TYPE, intParam, json, sendToken, tokenBody, write } from "./http.ts";
import type { ScenarioHandler } from "./http.ts";

/** Successful token responses, and bodies that are not a usable token response. */
export const responseScenarios = {
  ok: sendToken,
  "ok-slow": (r) => r.later(intParam(r.query, "ms", 150), () => sendToken(r)),
  "ok-string-expires": (r) => json(r.res, 200, { ...tokenBody(r), expires_in: String(tokenBody(r).expires_in) }),
  "ok-no-expires": (r) => json(r.res, 200, { access_token: tokenBody(r).access_token, token_type: "Bearer" }),
  "ok-lowercase-bearer": (r) => json(r.res, 200, { ...tokenBody(r), token_type: "bearer" }),
  // A token response whose Date header is `?seconds=` (default 0, may be negative) away from the server's clock.
  "ok-date-skew": (r) => {
    const skew = Number(r.query.get("seconds") ?? "0");
    sendToken(r, { date: new Date(Date.now() + (Number.isFinite(skew) ? skew : 0) * 1000).toUTCString() });
  },
  html: (r) => write(r.res, 200, HTML_TYPE, "<html><head><title>Login</title></head><body><h1>Please sign in</h1></body></html>"),
  truncated: (r) => write(r.res, 200, JSON_TYPE, '{"access_token":"ab'),
  array: (r) => write(r.res, 200, JSON_TYPE, "[]"),
  "wrong-types": (r) => json(r.res, 200, { access_token: 123, token_type: "Bearer" }),
  "no-token-type": (r) => json(r.res, 200, { access_token: tokenBody(r).access_token, expires_in: tokenBody(r).expires_in }),
  empty: (r) => write(r.res, 200, JSON_TYPE, ""),
} satisfies Record<string, ScenarioHandler>;
