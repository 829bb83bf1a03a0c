import { parseArgs } from "node:util";
import { UsageError } from "./exit-codes.js";

/** The commands `occ` runs. */
export type Command = "token" | "doctor" | "help" | "version";

/** The flags every command accepts; configuration flags win over `OAUTH_*` variables. */
export interface Flags {
  tokenUrl?: string;
  issuer?: string;
  clientId?: string;
  clientSecret?: string;
  clientSecretFile?: string;
  authMethod?: string;
  scope?: string;
  audience?: string;
  resource?: string;
  print: boolean;
  json: boolean;
}

/** A parsed command line. */
export interface Invocation {
  command: Command;
  flags: Flags;
}

const OPTIONS = {
  "token-url": { type: "string" },
  issuer: { type: "string" },
  "client-id": { type: "string" },
  "client-secret": { type: "string" },
  "client-secret-file": { type: "string" },
  "auth-method": { type: "string" },
  scope: { type: "string" },
  audience: { type: "string" },
  resource: { type: "string" },
  print: { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

/**
 * Parses `argv` (without the node and script paths).
 *
 * @throws {UsageError} for an unknown command or flag, a missing flag value, or flags that exclude each other.
 */
export function parseInvocation(argv: readonly string[]): Invocation {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs words its errors well ("Unknown option '--x'"); they never contain a flag's value.
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const flags: Flags = {
    tokenUrl: values["token-url"],
    issuer: values.issuer,
    clientId: values["client-id"],
    clientSecret: values["client-secret"],
    clientSecretFile: values["client-secret-file"],
    authMethod: values["auth-method"],
    scope: values.scope,
    audience: values.audience,
    resource: values.resource,
    print: values.print ?? false,
    json: values.json ?? false,
  };
  if (values.version) return { command: "version", flags };
  const [name, ...extra] = positionals;
  if (values.help || name === "help") return { command: "help", flags };
  if (name === undefined) throw new UsageError("Missing command: occ token or occ doctor");
  // A stray argument might be a secret pasted in the wrong place: only word-like ones are echoed.
  if (name !== "token" && name !== "doctor") throw new UsageError(`Unknown command${/^[a-z-]{1,20}$/.test(name) ? ` '${name}'` : ""}`);
  if (extra.length > 0) throw new UsageError(`Unexpected argument after '${name}' (values go after their flag)`);
  if (flags.print && flags.json) throw new UsageError("--print and --json exclude each other");
  if (flags.print && name === "doctor") throw new UsageError("--print is for occ token");
  if (flags.clientSecret !== undefined && flags.clientSecretFile !== undefined) {
    throw new UsageError("--client-secret and --client-secret-file exclude each other");
  }
  if (flags.tokenUrl !== undefined && flags.issuer !== undefined) throw new UsageError("--token-url and --issuer exclude each other");
  return { command: name, flags };
}
