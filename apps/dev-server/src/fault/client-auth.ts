import { sendToken } from "./http.ts";
import type { FaultRequest, ScenarioHandler } from "./http.ts";
import { invalidClient } from "./failures.ts";

/** The client the client-authentication scenarios accept: `clientSecrets` are all accepted. */
export interface FaultCredentials {
  clientId: string;
  clientSecrets: string[];
}

/**
 * The pair `basic-rfc`, `basic-raw` and `basic-split` accept when the test names no other. The secret has every
 * character that breaks an unencoded or double-encoded `client_secret_basic`; the id has no `:`, so `basic-split`
 * accepts a client that sends this pair form-encoded, and refuses it sent raw (the secret's `:`).
 */
export const FAULT_CLIENT = { clientId: "occ-fault client+id/~", clientSecret: "s3cr:t+/%=&~ x" } as const;

type Split = (decoded: string) => { id: string; secret: string } | undefined;

/** `id:secret` at the first `:`, each half form-decoded (RFC 6749 §2.3.1). */
const rfcSplit: Split = (decoded) => {
  const raw = firstColon(decoded);
  if (raw === undefined) return undefined;
  try {
    return { id: formDecode(raw.id), secret: formDecode(raw.secret) };
  } catch {
    return undefined; // a `%` not followed by two hex digits
  }
};

/** `id:secret` at the first `:`, taken as sent (what most servers do). */
const firstColon: Split = (decoded) => {
  const at = decoded.indexOf(":");
  return at < 0 ? undefined : { id: decoded.slice(0, at), secret: decoded.slice(at + 1) };
};

/** Split at every `:` and refused unless that makes exactly two parts (what several servers do). */
const everyColon: Split = (decoded) => {
  const parts = decoded.split(":");
  return parts.length === 2 ? { id: parts[0]!, secret: parts[1]! } : undefined;
};

function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, " "));
}

/** The credentials of a request: Basic (decoded with `split`) when sent, else client_id/client_secret of the form. */
function presented(r: FaultRequest, split: Split): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)\s*$/i.exec(r.req.headers.authorization ?? "");
  if (match) return split(Buffer.from(match[1]!, "base64").toString("utf8"));
  const form = new URLSearchParams(r.body);
  const id = form.get("client_id");
  const secret = form.get("client_secret");
  return id === null || secret === null ? undefined : { id, secret };
}

/** Where a scenario finds the credentials it accepts for a test id. */
export type CredentialsLookup = (id: string) => FaultCredentials | undefined;

/** Credentials from `?client_id=&client_secret=` (repeatable), when the test put them in the token URL. */
function fromQuery(query: URLSearchParams): FaultCredentials | undefined {
  const clientId = query.get("client_id");
  return clientId === null ? undefined : { clientId, clientSecrets: query.getAll("client_secret") };
}

const DEFAULT_CREDENTIALS: FaultCredentials = { clientId: FAULT_CLIENT.clientId, clientSecrets: [FAULT_CLIENT.clientSecret] };

function checking(split: Split, expected: (r: FaultRequest) => FaultCredentials | undefined): ScenarioHandler {
  return (r) => {
    const want = expected(r);
    const got = presented(r, split);
    const ok = want !== undefined && got !== undefined && got.id === want.clientId && want.clientSecrets.includes(got.secret);
    return ok ? sendToken(r) : invalidClient(r);
  };
}

/**
 * Token endpoints that check client credentials the way real servers do. Each accepts `client_secret_basic`
 * (decoded its own way) and `client_secret_post`, answers a token or `401 invalid_client`. The credentials are
 * those registered for the id (`POST /__credentials/<id>` or `setCredentials`), else the token URL's
 * `?client_id=&client_secret=`, else {@link FAULT_CLIENT}; `secrets` accepts only registered ones.
 */
export function clientAuthScenarios(registered: CredentialsLookup) {
  const expected = (r: FaultRequest) => registered(r.id) ?? fromQuery(r.query) ?? DEFAULT_CREDENTIALS;
  return {
    "basic-rfc": checking(rfcSplit, expected),
    "basic-raw": checking(firstColon, expected),
    "basic-split": checking(everyColon, expected),
    secrets: checking(rfcSplit, (r) => registered(r.id)),
  } satisfies Record<string, ScenarioHandler>;
}
