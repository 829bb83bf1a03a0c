/** The steps of {@link optionsFromEnv} that read more than one variable. */
import type { ClientAssertion } from "./credentials.js";
import { ENV_VARIABLES, type EnvContext, type EnvReader, type TlsPem } from "./env-variables.js";
import { discover } from "./source/discovery.js";
import type { ClientOptions } from "./types.js";

/** Reads variables for {@link optionsFromEnv}, collecting what is missing or invalid. */
export function envReader(read: EnvReader, context: EnvContext) {
  const missing = [...(context.missing ?? [])];
  const invalid = [...(context.invalid ?? [])];
  const text = (name: string, required = false, trim = true): string | undefined => {
    const value = read(name, required);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") return void invalid.push(`${name} must be a string`);
    return value.trim() === "" ? undefined : trim ? value.trim() : value;
  };
  return { missing, invalid, text, list: (name: string) => text(name)?.split(/\s+/) };
}
export type Env = ReturnType<typeof envReader>;
const V = ENV_VARIABLES;

/** The token endpoint: `tokenUrl`, or `OAUTH_TOKEN_URL`, or discovered from `issuer` / `OAUTH_ISSUER`. */
export function endpointFromEnv(tokenUrl: ClientOptions["tokenUrl"] | undefined, issuer: string | URL | undefined, env: Env) {
  if (tokenUrl !== undefined) return issuer === undefined ? tokenUrl : void env.invalid.push("give tokenUrl or issuer, not both");
  const url = issuer === undefined ? env.text(V.tokenUrl, true) : undefined;
  const from = url === undefined ? (issuer ?? env.text(V.issuer, true)) : env.text(V.issuer);
  if (url !== undefined && from !== undefined) return void env.invalid.push(`set only one of ${V.tokenUrl} and ${V.issuer}`);
  if (url !== undefined) return url;
  if (from === undefined) return void env.missing.push(`${V.tokenUrl} (or ${V.issuer})`);
  try {
    return discover(from);
  } catch (error) {
    env.invalid.push(`${V.issuer}: ${(error as Error).message}`);
  }
}

/** A client assertion from `OAUTH_PRIVATE_KEY` (+ `OAUTH_PRIVATE_KEY_ID`) or `OAUTH_CLIENT_ASSERTION_FILE`. */
export function assertionFromEnv(env: Env, context: EnvContext): ClientAssertion | undefined {
  const key = env.text(V.privateKey, false, false);
  const file = env.text(V.clientAssertionFile);
  if (key !== undefined && file !== undefined) return void env.invalid.push(`set only one of ${V.privateKey} and ${V.clientAssertionFile}`);
  const [name, value, build] = key !== undefined ? [V.privateKey, key, context.privateKeyJwt] : [V.clientAssertionFile, file, context.assertionFile];
  if (value === undefined) return undefined;
  if (build === undefined) return void env.invalid.push(`${context.caller} cannot use ${name}`);
  try {
    return key !== undefined ? context.privateKeyJwt!(key, { kid: env.text(V.privateKeyId) }) : context.assertionFile!(value);
  } catch (error) {
    env.invalid.push(`${name}: ${(error as Error).message}`);
  }
}

/** PEM text as it is, or the content of the file a variable names; undefined (and a problem noted) when unreadable. */
function pemOrFile(env: Env, context: EnvContext, name: string, value: string): { pem: string; from: string } | undefined {
  if (value.includes("-----BEGIN ")) return { pem: value, from: name };
  if (context.readTextFile === undefined) return void env.invalid.push(`${name} must hold PEM text on this runtime`);
  try {
    return { pem: context.readTextFile(value), from: `${name}, file ${value}` };
  } catch (error) {
    env.invalid.push(`${name}: cannot read the file ${value} (${(error as { code?: string }).code ?? (error as Error).name})`);
  }
}

/**
 * The client certificate of a mutual-TLS client from `OAUTH_TLS_CERT`, `OAUTH_TLS_KEY` and `OAUTH_TLS_CA` (each PEM
 * text or a file path), as a builder of the adapter's certificate-presenting fetch, run once nothing else is wrong.
 */
export function mtlsFromEnv(env: Env, context: EnvContext, method: string): (() => typeof fetch) | undefined {
  const [cert, key, ca] = [V.tlsCert, V.tlsKey, V.tlsCa].map((name) => {
    const value = env.text(name, name !== V.tlsCa);
    if (value === undefined) return void (name !== V.tlsCa && env.missing.push(`${name} (with ${method})`));
    return pemOrFile(env, context, name, value);
  });
  if (context.mtlsFetch === undefined) return void env.invalid.push(`${context.caller} cannot present a client certificate from ${V.tlsCert}: pass fetch`);
  if (cert === undefined || key === undefined) return undefined;
  const pem: TlsPem = { cert: cert.pem, key: key.pem, ...(ca && { ca: ca.pem }) };
  const labels = { cert: `the client certificate (${cert.from})`, key: `the private key (${key.from})`, ca: `the CA certificate (${ca?.from})` };
  return () => context.mtlsFetch!(pem, labels);
}
