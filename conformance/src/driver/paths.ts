import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The conformance package root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Where bundles go (gitignored). */
export const BUILD_DIR = join(ROOT, ".build");

const require = createRequire(join(ROOT, "package.json"));

/** The directory of a dependency of this package (aliases like `node20` included). */
export function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}
