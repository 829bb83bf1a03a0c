import { badParameter, intParam, sendToken } from "./http.ts";
import type { FaultRequest, ScenarioHandler } from "./http.ts";

/** The quota header styles `ok-quota` can send, as real servers spell them. */
export const QUOTA_STYLES = ["auth0-client", "auth0-org", "ratelimit", "x-ratelimit"] as const;

type QuotaStyle = (typeof QUOTA_STYLES)[number];

/** One style's headers for `limit` requests per window, `remaining` left, the window ending in `reset` seconds. */
function quotaHeaders(style: QuotaStyle, limit: number, remaining: number, reset: number): Record<string, string> {
  const auth0 = `b=per_hour;q=${limit};r=${remaining};t=${reset}`;
  switch (style) {
    case "auth0-client":
      return { "auth0-client-quota-limit": auth0 };
    case "auth0-org":
      return { "auth0-organization-quota-limit": auth0 };
    case "ratelimit": // IETF draft: Reset is a number of seconds
      return { "ratelimit-limit": String(limit), "ratelimit-remaining": String(remaining), "ratelimit-reset": String(reset) };
    case "x-ratelimit": // Auth0 and GitHub: Reset is a Unix time in seconds
      return {
        "x-ratelimit-limit": String(limit),
        "x-ratelimit-remaining": String(remaining),
        "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + reset),
      };
  }
}

/**
 * A successful token response with quota headers: `?style=` one of {@link QUOTA_STYLES} (repeatable; default all),
 * `?limit=` (100), `?remaining=` (99), `?reset=` seconds until the window ends (3600).
 */
function okQuota(r: FaultRequest): void {
  const asked = r.query.getAll("style");
  const styles = asked.length === 0 ? [...QUOTA_STYLES] : asked;
  const unknown = styles.find((style) => !(QUOTA_STYLES as readonly string[]).includes(style));
  if (unknown !== undefined) return badParameter(r.res, "style", QUOTA_STYLES.join(" | "));
  const [limit, remaining, reset] = [intParam(r.query, "limit", 100), intParam(r.query, "remaining", 99), intParam(r.query, "reset", 3600)];
  const headers = Object.assign({}, ...styles.map((style) => quotaHeaders(style as QuotaStyle, limit, remaining, reset)));
  sendToken(r, headers);
}

/** Token responses that tell the client how much of its quota is left. */
export const quotaScenarios = {
  "ok-quota": okQuota,
} satisfies Record<string, ScenarioHandler>;
