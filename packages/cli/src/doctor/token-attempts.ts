import type { ClientOptions } from "@occ/core";
import type { CliAuthMethod } from "../config.js";
import { type Exchange, exchange, jsonObject } from "./http.js";

/** The ways of presenting client credentials the doctor tries. */
export type AuthStyle = "basic-form" | "basic-raw" | "post" | "none";

/** How each style is named in the report. */
export const STYLE_NAMES: Record<AuthStyle, string> = {
  "basic-form": "client_secret_basic (form-encoded)",
  "basic-raw": "Basic with raw credentials",
  post: "client_secret_post",
  none: "none (public client)",
};

/** One token request and what came of it. */
export type Attempt =
  | { style: AuthStyle; outcome: "accepted"; exchange: Exchange; body: Record<string, unknown> }
  | { style: AuthStyle; outcome: "refused"; exchange: Exchange; error: string; description?: string }
  | { style: AuthStyle; outcome: "other"; exchange: Exchange }
  | { style: AuthStyle; outcome: "unreachable"; reason: string };

function formEncode(value: string): string {
  return new URLSearchParams([["", value]]).toString().slice(1);
}

/** The styles worth trying: raw Basic only when it differs from the form-encoded one. */
export function stylesFor(method: CliAuthMethod, clientId: string, secret: string | undefined): AuthStyle[] {
  if (method === "none" || secret === undefined) return ["none"];
  const rawDiffers = formEncode(clientId) !== clientId || formEncode(secret) !== secret;
  return rawDiffers ? ["basic-form", "basic-raw", "post"] : ["basic-form", "post"];
}

function request(options: ClientOptions, style: AuthStyle): RequestInit {
  const form = new URLSearchParams([["grant_type", "client_credentials"]]);
  const scope = [options.scope ?? []].flat().join(" ");
  if (scope !== "") form.append("scope", scope);
  if (options.audience !== undefined) form.append("audience", options.audience);
  for (const resource of [options.resource ?? []].flat()) form.append("resource", resource);
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
  const { clientId, clientSecret = "" } = options;
  if (style === "basic-form" || style === "basic-raw") {
    const pair = style === "basic-form" ? `${formEncode(clientId)}:${formEncode(clientSecret)}` : `${clientId}:${clientSecret}`;
    headers.authorization = `Basic ${Buffer.from(pair, "utf8").toString("base64")}`;
  } else {
    form.append("client_id", clientId);
    if (style === "post") form.append("client_secret", clientSecret);
  }
  return { method: "POST", headers, body: form.toString() };
}

/** Sends one token request presenting the credentials in `style`. */
export async function attemptToken(tokenUrl: URL, options: ClientOptions, style: AuthStyle): Promise<Attempt> {
  const answer = await exchange(tokenUrl, request(options, style));
  if ("reason" in answer) return { style, outcome: "unreachable", reason: answer.reason };
  const body = jsonObject(answer.text);
  if (answer.status >= 200 && answer.status < 300 && typeof body?.access_token === "string") {
    return { style, outcome: "accepted", exchange: answer, body };
  }
  if (answer.status >= 400 && typeof body?.error === "string") {
    const refused: Attempt = { style, outcome: "refused", exchange: answer, error: body.error };
    if (typeof body.error_description === "string") refused.description = body.error_description;
    return refused;
  }
  return { style, outcome: "other", exchange: answer };
}
