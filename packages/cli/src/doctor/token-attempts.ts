import type { ClientOptions } from "@occ/core";
import type { CliAuthMethod } from "../config.js";
import { formEncode } from "@occ/core/diagnostics";
import { jsonObject } from "../json-object.js";
import { type Exchange, exchange } from "./http.js";

/** The ways of presenting client credentials the doctor tries. */
export type AuthStyle = "basic-form" | "basic-raw" | "post" | "none";

/** How each style is named in the report. */
export const STYLE_NAMES: Record<AuthStyle, string> = {
  "basic-form": "client_secret_basic (form-encoded)",
  "basic-raw": "Basic with raw credentials",
  post: "client_secret_post",
  none: "none (public client)",
};

/** The style each configured method sends. */
export const CONFIGURED: Record<CliAuthMethod, AuthStyle> = { client_secret_basic: "basic-form", client_secret_post: "post", none: "none" };

/** One way of sending one of the secrets: `secretIndex` 0 is the newest, 1 the previous one of a rotation. */
export interface Credentials {
  style: AuthStyle;
  secretIndex: number;
}

/** One token request and what came of it. */
export type Attempt = Credentials &
  (
    | { outcome: "accepted"; exchange: Exchange; body: Record<string, unknown> }
    | { outcome: "refused"; exchange: Exchange; error: string; description?: string }
    | { outcome: "other"; exchange: Exchange }
    | { outcome: "unreachable"; reason: string }
  );

/** True when form-encoding changes the credentials: then raw Basic differs, and occ's default may fall back to post. */
export const encodingChanges = (clientId: string, secret: string) => formEncode(clientId) !== clientId || formEncode(secret) !== secret;

/** The styles worth trying with the newest secret: raw Basic only when it differs from the form-encoded one. */
export function stylesFor(method: CliAuthMethod, clientId: string, secret: string | undefined): AuthStyle[] {
  if (method === "none" || secret === undefined) return ["none"];
  return encodingChanges(clientId, secret) ? ["basic-form", "basic-raw", "post"] : ["basic-form", "post"];
}

/**
 * What occ itself sends, in order, until one is accepted: each secret with the configured method; with none
 * configured, Basic and — when form-encoding changed the credentials — `client_secret_post` (core's default).
 */
export function occSequence(options: ClientOptions, method: CliAuthMethod, secrets: readonly string[]): Credentials[] {
  if (method === "none") return [{ style: "none", secretIndex: 0 }];
  return secrets.flatMap((secret, secretIndex) => {
    if (options.authMethod !== undefined) return [{ style: CONFIGURED[method], secretIndex }];
    const post = encodingChanges(options.clientId, secret) ? [{ style: "post" as const, secretIndex }] : [];
    return [{ style: "basic-form" as const, secretIndex }, ...post];
  });
}

function request(options: ClientOptions, style: AuthStyle, secret: string): RequestInit {
  const form = new URLSearchParams([["grant_type", "client_credentials"]]);
  const scope = [options.scope ?? []].flat().join(" ");
  if (scope !== "") form.append("scope", scope);
  if (options.audience !== undefined) form.append("audience", options.audience);
  for (const resource of [options.resource ?? []].flat()) form.append("resource", resource);
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
  const { clientId } = options;
  if (style === "basic-form" || style === "basic-raw") {
    const pair = style === "basic-form" ? `${formEncode(clientId)}:${formEncode(secret)}` : `${clientId}:${secret}`;
    headers.authorization = `Basic ${Buffer.from(pair, "utf8").toString("base64")}`;
  } else {
    form.append("client_id", clientId);
    if (style === "post") form.append("client_secret", secret);
  }
  return { method: "POST", headers, body: form.toString() };
}

/** Sends one token request presenting `secrets[secretIndex]` in `style`. */
export async function attemptToken(tokenUrl: URL, options: ClientOptions, secrets: readonly string[], { style, secretIndex }: Credentials): Promise<Attempt> {
  const answer = await exchange(tokenUrl, request(options, style, secrets[secretIndex] ?? ""));
  const sent = { style, secretIndex };
  if ("reason" in answer) return { ...sent, outcome: "unreachable", reason: answer.reason };
  const body = jsonObject(answer.text);
  if (answer.status >= 200 && answer.status < 300 && typeof body?.access_token === "string") {
    return { ...sent, outcome: "accepted", exchange: answer, body };
  }
  if (answer.status >= 400 && typeof body?.error === "string") {
    const refused: Attempt = { ...sent, outcome: "refused", exchange: answer, error: body.error };
    if (typeof body.error_description === "string") refused.description = body.error_description;
    return refused;
  }
  return { ...sent, outcome: "other", exchange: answer };
}
