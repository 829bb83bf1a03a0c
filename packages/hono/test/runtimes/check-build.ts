// Global setup of the runtimes project: the served apps import @occ/hono by name, i.e. the built dist/, so a
// missing or stale build would test yesterday's code. turbo builds before `test`; a direct `vitest run` may not.
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const packageRoot = fileURLToPath(new URL("../..", import.meta.url));

export default async function checkBuild(): Promise<void> {
  const built = await stat(join(packageRoot, "dist", "index.js")).catch(() => undefined);
  const sources = await readdir(join(packageRoot, "src"));
  const newest = Math.max(...(await Promise.all(sources.map(async (file) => (await stat(join(packageRoot, "src", file))).mtimeMs))));
  if (built === undefined || built.mtimeMs < newest) {
    throw new Error("packages/hono/dist is missing or older than src/: run `npx -y pnpm@12 --filter @occ/hono build` first");
  }
}
