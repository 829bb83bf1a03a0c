/**
 * The scratch projects README blocks are checked in: one folder per README, with a node_modules where the workspace
 * packages are linked by name (so `@occ/node` resolves through its package.json `exports` to its built `dist`, as
 * it would for a user) beside the third-party packages the README's own package has installed.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { ReadmeBlock } from "./readme-blocks.ts";
import { REPO_ROOT } from "./workspace.ts";

const TOOLS_DIR = join(import.meta.dirname, "..");

/** Every workspace package under packages/ and apps/, by name. */
async function workspacePackages(): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const top of ["packages", "apps"]) {
    for (const entry of await readdir(join(REPO_ROOT, top), { withFileTypes: true })) {
      const manifest = join(REPO_ROOT, top, entry.name, "package.json");
      if (entry.isDirectory() && existsSync(manifest)) found.set(JSON.parse(await readFile(manifest, "utf8")).name, dirname(manifest));
    }
  }
  return found;
}

/** The packages installed in `dir/node_modules`, by name (scoped ones as `@scope/name`). */
async function installed(dir: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const root = join(dir, "node_modules");
  if (!existsSync(root)) return found;
  for (const entry of await readdir(root)) {
    if (entry.startsWith(".")) continue;
    if (!entry.startsWith("@")) found.set(entry, join(root, entry));
    else for (const scoped of await readdir(join(root, entry))) found.set(`${entry}/${scoped}`, join(root, entry, scoped));
  }
  return found;
}

/** The file a block is written to, named for its README line so that errors point back to it. */
export function blockFile(folder: string, block: ReadmeBlock): string {
  return join(folder, `line-${block.line}.ts`);
}

/**
 * Writes one README's blocks into `folder` as ES modules (`export {}` added, so blocks never share globals), with
 * a node_modules of: the workspace packages, then what the README's folder has installed, then what tools has.
 */
export async function writeScratchProject(folder: string, blocks: ReadmeBlock[], extra: Record<string, string> = {}): Promise<string[]> {
  const modules = new Map([...(await installed(TOOLS_DIR)), ...(await installed(blocks[0]!.dir)), ...(await workspacePackages())]);
  for (const [name, target] of modules) {
    const link = join(folder, "node_modules", name);
    await mkdir(dirname(link), { recursive: true });
    await symlink(target, link, "dir");
  }
  const dependencies = Object.fromEntries([...modules.keys()].map((name) => [name, "*"]));
  await writeFile(join(folder, "package.json"), JSON.stringify({ private: true, type: "module", dependencies }));
  for (const [name, text] of Object.entries(extra)) await writeFile(join(folder, name), text);
  const files = blocks.map((block) => blockFile(folder, block));
  await Promise.all(blocks.map((block, i) => writeFile(files[i]!, `${block.code}\nexport {};\n`)));
  return files;
}

/** The installed copy of a package, looked up from tools and then from the packages that use it. */
export function findPackage(name: string, usedBy: string[]): string | undefined {
  return [TOOLS_DIR, ...usedBy.map((dir) => join(REPO_ROOT, dir))].map((dir) => join(dir, "node_modules", name)).find((path) => existsSync(path));
}
