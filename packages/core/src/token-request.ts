import { CLIENT_ASSERTION_FAILED, OccError } from "./errors.js";
import type { Config } from "./options.js";
import type { PreparedRequest } from "./transport.js";

const JWT_BEARER_ASSERTION = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

async function clientAssertion(config: Config, tokenUrl: URL): Promise<string> {
  let assertion: unknown;
  try {
    assertion = await config.clientAssertion!({ tokenUrl: tokenUrl.href, clientId: config.clientId });
  } catch (cause) {
    throw new OccError(CLIENT_ASSERTION_FAILED, "The clientAssertion callback threw", { cause });
  }
  if (typeof assertion !== "string" || assertion === "") {
    throw new OccError(CLIENT_ASSERTION_FAILED, "The clientAssertion callback must return a non-empty string (a signed JWT)");
  }
  return assertion;
}

/** The client-credentials token request (RFC 6749 §4.4.2) with the configured client authentication. */
export async function tokenRequest(config: Config, tokenUrl: URL): Promise<PreparedRequest> {
  const form = new URLSearchParams(config.form as [string, string][]);
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded;charset=UTF-8",
    accept: "application/json",
  };
  switch (config.authMethod) {
    case "client_secret_basic":
      headers.authorization = config.basicAuthorization!;
      break;
    case "client_secret_post":
      form.set("client_id", config.clientId);
      form.set("client_secret", config.clientSecret!);
      break;
    case "private_key_jwt":
      form.set("client_id", config.clientId);
      form.set("client_assertion_type", JWT_BEARER_ASSERTION);
      form.set("client_assertion", await clientAssertion(config, tokenUrl));
      break;
    case "none":
      form.set("client_id", config.clientId);
      break;
  }
  return { url: tokenUrl.href, init: { method: "POST", headers, body: form.toString() } };
}
