import { intParam, json } from "./http.ts";
import type { FaultRequest, ScenarioHandler } from "./http.ts";

/** A protected API's 401 for a token it does not accept. */
function invalidToken(r: FaultRequest): void {
  json(r.res, 401, { error: "invalid_token" }, { "www-authenticate": 'Bearer error="invalid_token"' });
}

/** What the API saw: the Authorization and DPoP headers, the method and the body. */
function echo(r: FaultRequest): { ok: true; auth: string | null; dpop: string | null; method: string; body: string } {
  const dpop = r.req.headers.dpop;
  return {
    ok: true,
    auth: r.req.headers.authorization ?? null,
    dpop: (Array.isArray(dpop) ? dpop.join(", ") : dpop) ?? null,
    method: r.req.method ?? "",
    body: r.body,
  };
}

/** A protected API, for `client.fetch`: it rejects tokens, or shows what it received. */
export const apiScenarios = {
  "api-401-then-ok": (r) => (r.n <= intParam(r.query, "n", 1) ? invalidToken(r) : json(r.res, 200, echo(r))),
  "api-401-always": invalidToken,
  "api-echo": (r) => json(r.res, 200, echo(r)),
} satisfies Record<string, ScenarioHandler>;
