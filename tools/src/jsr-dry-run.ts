/**
 * `deno publish --dry-run` of every published package that has a JSR manifest (deno.json or jsr.json), with type
 * checking and the slow-types check on, as the release's JSR step runs it. Its npm dependencies (`npm:@occ/core`)
 * resolve through the package's own node_modules, i.e. the workspace's built packages, so this needs no network:
 * `--node-modules-dir=manual` forbids installing and `--no-remote` forbids fetching.
 *
 * It runs on a copy of the package folder (node_modules linked, not copied) under a scratch root that has the
 * repository's tsconfig.base.json, so that Deno never sees the repository's pnpm-workspace.yaml or package.json
 * (Deno may rewrite a package.json it takes for a workspace root). Fails when the dry run fails or when the files it
 * would publish lack the README or the LICENSE.
 */
import { existsSync } from "node:fs";
import { copyFile, cp, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { printTable, publishedPackages, REPO_ROOT, run } from "./workspace.ts";

const DENO = join(import.meta.dirname, "..", "node_modules", ".bin", "deno");
const REQUIRED_FILES = ["README.md", "LICENSE"];

const scratch = await mkdtemp(join(tmpdir(), "occ-jsr-"));
const rows: string[][] = [];
const details: string[] = [];
let failures = 0;
try {
  await copyFile(join(REPO_ROOT, "tsconfig.base.json"), join(scratch, "tsconfig.base.json"));
  for (const pkg of await publishedPackages()) {
    const manifest = ["deno.json", "jsr.json"].find((name) => existsSync(join(pkg.dir, name)));
    if (!manifest) continue;
    const copy = join(scratch, "packages", basename(pkg.dir));
    await cp(pkg.dir, copy, { recursive: true, filter: (source) => !/[\\/](node_modules|dist|\.turbo)$/.test(source) });
    await symlink(join(pkg.dir, "node_modules"), join(copy, "node_modules"), "dir");
    const result = await run(
      DENO,
      ["publish", "--dry-run", "--allow-dirty", "--node-modules-dir=manual", "--no-remote", "--no-lock", "--config", manifest],
      { cwd: copy, env: { ...process.env, DENO_DIR: join(scratch, "deno-dir"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" } },
    );
    const output = `${result.stdout}${result.stderr}`;
    const published = [...output.matchAll(/file:\/\/\S+?\/packages\/[^/\s]+\/(\S+)/g)].map((m) => m[1]!);
    const missing = REQUIRED_FILES.filter((file) => !published.includes(file));
    const ok = result.code === 0 && missing.length === 0;
    if (!ok) {
      failures++;
      details.push(`${pkg.name} (${manifest}):\n${output.trim()}`);
      if (result.code === 0) details.push(`${pkg.name}: the dry run would not publish ${missing.join(", ")}`);
    }
    rows.push([pkg.name, manifest, result.code === 0 ? `${published.length} files` : "FAIL", ok ? "pass" : "FAIL"]);
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

printTable(["package", "manifest", "deno publish --dry-run", "result"], rows);
if (details.length > 0) console.log(`\n${details.join("\n\n")}`);
console.log(`\njsr: ${rows.length - failures} passed, ${failures} failed`);
process.exitCode = failures > 0 || rows.length === 0 ? 1 : 0;
