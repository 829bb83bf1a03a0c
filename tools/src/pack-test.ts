/**
 * Installs the packed tarballs of every published package into a scratch project, as a user would get them from
 * npm, and imports them from Node (ESM and `require`) and from Deno. Catches a file left out of `files`, a broken
 * `exports` map, a `workspace:` range that was not rewritten, and declarations that promise exports the
 * JavaScript lacks. Needs no registry: the only dependencies are our own tarballs and the peers linked from the
 * workspace.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DENO_CHECK, ESM_CHECK, REQUIRE_CHECK } from "./check-scripts.ts";
import { declaredValueExports } from "./exports.ts";
import { pack, printTable, type PublishedPackage, publishedPackages, run } from "./workspace.ts";

const DENO = join(import.meta.dirname, "..", "node_modules", ".bin", "deno");

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

const packages = await publishedPackages();
const ours = new Set(packages.map((pkg) => pkg.name));
const scratch = await mkdtemp(join(tmpdir(), "occ-pack-"));
const project = join(scratch, "project");
const checks: Check[] = [];

try {
  await mkdir(join(scratch, "tarballs"));
  await mkdir(project);
  const dependencies: Record<string, string> = {};
  for (const pkg of packages) {
    const { tarball } = await pack(pkg, join(scratch, "tarballs"));
    dependencies[pkg.name] = `file:${tarball}`;
  }
  await writeFile(
    join(project, "package.json"),
    JSON.stringify({ name: "occ-pack-test", private: true, type: "module", dependencies }, null, 2),
  );
  // All tarballs in one install, so each adapter's `@occ/core` range is met by the core tarball.
  const install = await run(
    "npm",
    ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--legacy-peer-deps", "--loglevel=error"],
    { cwd: project, env: { ...process.env, npm_config_cache: join(scratch, "npm-cache") } },
  );
  checks.push({ name: "npm install of the tarballs", ok: install.code === 0, detail: install.stderr.trim() });
  if (install.code !== 0) throw new Error(`npm install failed:\n${install.stderr}`);

  await linkPeers(packages, project);
  checks.push(await singleCore(project));

  // A command-line package (`bin`, no `.` export) has nothing to import: its commands are run instead.
  const importable = packages.filter((pkg) => pkg.manifest.exports?.["."] !== undefined);
  const expected = declaredValueExports(
    importable.map((pkg) => pkg.name),
    project,
  );
  checks.push(...(await binChecks(packages, project)));
  await writeFile(join(project, "expected.json"), JSON.stringify(expected));
  await writeFile(join(project, "check-esm.mjs"), ESM_CHECK);
  await writeFile(join(project, "check-require.cjs"), REQUIRE_CHECK);
  await writeFile(join(project, "check-deno.ts"), DENO_CHECK);

  checks.push(...(await runChecks(`Node ${process.version} import`, process.execPath, ["check-esm.mjs"], project)));
  checks.push(...(await runChecks(`Node ${process.version} require`, process.execPath, ["check-require.cjs"], project)));
  const denoVersion = (await run(DENO, ["--version"])).stdout.split(" ").slice(0, 2).join(" ");
  checks.push(
    ...(await runChecks(
      `${denoVersion} import`,
      DENO,
      ["run", "--cached-only", "--no-prompt", "--allow-read=.", "check-deno.ts"],
      project,
      // A private cache: the run must not depend on, or fill, the user's Deno cache.
      { DENO_DIR: join(scratch, "deno-dir"), DENO_NO_UPDATE_CHECK: "1" },
    )),
  );
} catch (error) {
  checks.push({ name: "pack test", ok: false, detail: (error as Error).message });
} finally {
  await rm(scratch, { recursive: true, force: true });
}

printTable(
  ["check", "result"],
  checks.map((check) => [check.name, check.ok ? "pass" : "FAIL"]),
);
const failed = checks.filter((check) => !check.ok);
for (const check of failed) console.log(`\n${check.name}:\n${check.detail}`);
const notes = checks.filter((check) => check.ok && check.detail);
for (const check of notes) console.log(`\n${check.name}: ${check.detail}`);
console.log(`\npack: ${checks.length - failed.length} passed, ${failed.length} failed`);
process.exitCode = failed.length > 0 ? 1 : 0;

/**
 * npm would fetch peer dependencies (hono) from the registry; the workspace already has the versions our tests
 * run against, so they are linked in instead.
 */
async function linkPeers(published: PublishedPackage[], into: string): Promise<void> {
  for (const pkg of published) {
    for (const peer of Object.keys(pkg.manifest.peerDependencies ?? {})) {
      const target = join(into, "node_modules", peer);
      if (ours.has(peer) || existsSync(target)) continue;
      const source = join(pkg.dir, "node_modules", peer);
      if (!existsSync(source)) throw new Error(`${pkg.name}: peer dependency ${peer} is not installed in the workspace`);
      await mkdir(dirname(target), { recursive: true });
      await symlink(await realpath(source), target, "dir");
    }
  }
}

/** Each installed command answers `--version` with its package's version: its file, shebang and imports resolve. */
async function binChecks(published: PublishedPackage[], into: string): Promise<Check[]> {
  const checks: Check[] = [];
  for (const pkg of published) {
    for (const name of Object.keys(pkg.manifest.bin ?? {})) {
      const result = await run(join(into, "node_modules", ".bin", name), ["--version"], { cwd: into });
      const ok = result.code === 0 && result.stdout.trim() === pkg.manifest.version;
      checks.push({ name: `${pkg.name}: ${name} --version`, ok, detail: ok ? "" : `exit ${result.code}: ${result.stdout}${result.stderr}` });
    }
  }
  return checks;
}

/** Two copies of `@occ/core` would break `instanceof OccError` across packages. */
async function singleCore(into: string): Promise<Check> {
  const copies: string[] = [];
  async function packagesIn(nodeModules: string): Promise<string[]> {
    const found: string[] = [];
    for (const entry of await readdir(nodeModules, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
      const path = join(nodeModules, entry.name);
      if (!entry.name.startsWith("@")) found.push(path);
      else for (const scoped of await readdir(path, { withFileTypes: true })) if (scoped.isDirectory()) found.push(join(path, scoped.name));
    }
    return found;
  }
  async function walk(nodeModules: string): Promise<void> {
    for (const pkg of await packagesIn(nodeModules)) {
      if (pkg.endsWith(join("@occ", "core"))) copies.push(pkg);
      if (existsSync(join(pkg, "node_modules"))) await walk(join(pkg, "node_modules"));
    }
  }
  await walk(join(into, "node_modules"));
  return {
    name: "one @occ/core in node_modules",
    ok: copies.length === 1,
    detail: copies.length === 1 ? "" : `found ${copies.length} copies:\n${copies.join("\n")}`,
  };
}

/** Runs a generated check script, which prints one JSON line `[{name, ok, detail}]`. */
async function runChecks(
  label: string,
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Check[]> {
  const result = await run(command, args, { cwd, env: { ...process.env, ...env } });
  const line = result.stdout.trim().split("\n").at(-1) ?? "";
  try {
    const reported = JSON.parse(line) as Check[];
    return reported.map((check) => ({ ...check, name: `${label}: ${check.name}` }));
  } catch {
    return [{ name: label, ok: false, detail: `exit ${result.code}\n${result.stderr}${result.stdout}`.trim() }];
  }
}
