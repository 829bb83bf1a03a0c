// The README's example as a user's project: the first ```ts block of README.md, word for word, in a folder of its
// own whose node_modules holds hono and @occ/hono (this package, built) and nothing else of the workspace.
import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const packageRoot = fileURLToPath(new URL("../..", import.meta.url));

/** A scratch project holding the README example. */
export interface ReadmeProject {
  dir: string;
  /** The example, as `example.ts`. */
  module: string;
  /** A wrangler.toml whose `main` is the example. */
  wranglerToml: string;
  remove(): Promise<void>;
}

/** The first ```ts block of the package README. */
export async function readmeExample(): Promise<string> {
  const readme = await readFile(join(packageRoot, "README.md"), "utf8");
  const match = /^```ts\n([\s\S]*?)^```$/m.exec(readme);
  if (match?.[1] === undefined) throw new Error("README.md has no ```ts block");
  return match[1];
}

export async function readmeProject(): Promise<ReadmeProject> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), "occ-hono-readme-")));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    // The workspace's hono, the version this package is built and tested with.
    await mkdir(join(dir, "node_modules", "@occ"), { recursive: true });
    await symlink(await realpath(join(packageRoot, "node_modules", "hono")), join(dir, "node_modules", "hono"), "dir");
    await symlink(packageRoot, join(dir, "node_modules", "@occ", "hono"), "dir");
    await writeFile(join(dir, "package.json"), JSON.stringify({ name: "readme-example", private: true, type: "module" }));
    await writeFile(join(dir, "example.ts"), await readmeExample());
    await writeFile(join(dir, "wrangler.toml"), 'name = "readme-example"\nmain = "example.ts"\ncompatibility_date = "2026-01-01"\n');
  } catch (error) {
    await remove();
    throw error;
  }
  return { dir, module: join(dir, "example.ts"), wranglerToml: join(dir, "wrangler.toml"), remove };
}
