/** RFC 6749 §2.3.1 / Appendix B: application/x-www-form-urlencoded, space as `+`. */
export function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

export function basicHeader(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`, "utf8").toString("base64")}`;
}

export function rawBasicHeader(userPass: string): string {
  return `Basic ${Buffer.from(userPass, "utf8").toString("base64")}`;
}

export async function tokenRequest(
  tokenUrl: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", ...headers },
    body: new URLSearchParams({ grant_type: "client_credentials", ...params }).toString(),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: res.status, body, headers: res.headers };
}

export function jwtPayload(jwt: string): Record<string, any> {
  const [, payload] = jwt.split(".");
  return JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8"));
}

export function jwtHeader(jwt: string): Record<string, any> {
  const [header] = jwt.split(".");
  return JSON.parse(Buffer.from(header ?? "", "base64url").toString("utf8"));
}
