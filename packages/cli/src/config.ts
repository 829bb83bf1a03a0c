import { readFile } from "node:fs/promises";
import type { ClientOptions } from "@occ/core";
import { type EnvClientOptions, optionsFromEnv } from "@occ/core/env";
import type { Flags } from "./args.js";
import { UsageError } from "./exit-codes.js";

/** The client-authentication methods the CLI can use: it signs no client assertion. */
export const CLI_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"] as const;

/** One of {@link CLI_AUTH_METHODS}. */
export type CliAuthMethod = (typeof CLI_AUTH_METHODS)[number];

/** The resolved configuration of one run. */
export interface CliConfig {
  /**
   * What `createClient` gets: flags, then `OAUTH_*` variables. `authMethod` only when one was configured: left out,
   * occ's default applies (Basic, falling back once to `client_secret_post`), as it does in an application.
   */
  options: ClientOptions;
  /** The method the doctor judges and reports: the configured one, else `client_secret_basic`. */
  method: CliAuthMethod;
  /** The secrets, newest first: `OAUTH_CLIENT_SECRET`, then `OAUTH_CLIENT_SECRET_PREVIOUS` during a rotation. */
  secrets: readonly string[];
  /** Where the secret came from, to warn about `--client-secret`. */
  secretSource: "flag" | "file" | "environment" | "none";
}

/** Environment variables, as in `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

const list = (value: string | undefined) => (value === undefined ? undefined : value.trim().split(/\s+/).filter(Boolean));

/** Reads `--client-secret-file`, dropping the one trailing newline editors and `echo` add. */
async function secretFromFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(`Cannot read --client-secret-file ${path}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`);
  }
  return text.replace(/\r?\n$/, "");
}

/**
 * Merges flags over `OAUTH_*` variables the way every occ adapter reads them (`@occ/core/env`).
 *
 * @throws {OccError} `OCC_INVALID_OPTIONS` naming every missing or invalid variable (never a value).
 * @throws {UsageError} for an unreadable secret file or a method the CLI cannot use.
 */
export async function resolveConfig(flags: Flags, env: Environment): Promise<CliConfig> {
  const explicit: EnvClientOptions = {};
  if (flags.tokenUrl !== undefined) explicit.tokenUrl = flags.tokenUrl;
  if (flags.issuer !== undefined) explicit.issuer = flags.issuer;
  if (flags.clientId !== undefined) explicit.clientId = flags.clientId;
  if (flags.authMethod !== undefined) {
    if (!(CLI_AUTH_METHODS as readonly string[]).includes(flags.authMethod)) {
      throw new UsageError(`--auth-method must be one of ${CLI_AUTH_METHODS.join(", ")}`);
    }
    explicit.authMethod = flags.authMethod as CliAuthMethod;
  }
  let secretSource: CliConfig["secretSource"] = "none";
  if (flags.clientSecret !== undefined) {
    explicit.clientSecret = flags.clientSecret;
    secretSource = "flag";
  } else if (flags.clientSecretFile !== undefined) {
    explicit.clientSecret = await secretFromFile(flags.clientSecretFile);
    secretSource = "file";
  }
  if (flags.scope !== undefined) explicit.scope = list(flags.scope);
  if (flags.audience !== undefined) explicit.audience = flags.audience;
  if (flags.resource !== undefined) explicit.resource = list(flags.resource);

  const options = optionsFromEnv(explicit, (name) => env[name], {
    caller: "occ",
    hint: "Set the OAUTH_* variables or pass the matching flags (occ --help lists them).",
  });
  const method = options.authMethod ?? "client_secret_basic";
  if (!(CLI_AUTH_METHODS as readonly string[]).includes(method)) {
    throw new UsageError(`OAUTH_AUTH_METHOD=${method} needs a signed client assertion or a client certificate, which occ does not make; use ${CLI_AUTH_METHODS.join(", ")}`);
  }
  if (secretSource === "none" && options.clientSecret !== undefined) secretSource = "environment";
  const secrets = options.clientSecret === undefined ? [] : [options.clientSecret].flat();
  return { options, method: method as CliAuthMethod, secrets, secretSource };
}
