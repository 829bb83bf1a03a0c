import type { EnvClientOptions } from "@occ/core/env";

/** Environment variables, as in `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Options for {@link createClient}: core's options, each falling back to an `OAUTH_*` environment variable. */
export interface NodeClientOptions extends EnvClientOptions {
  /** Where the `OAUTH_*` fallbacks are read. Default: `process.env`. */
  env?: Environment;
}
