/**
 * Runs the release's versioning step (`changeset version`, then `sync-jsr-versions.ts`) in a scratch clone of the
 * committed tree (never in the working checkout, which it would rewrite) and checks the result: each published
 * package with a changeset gets the version its bump asks for and a CHANGELOG.md quoting it, no unreleased
 * package is released without a changeset of its own, JSR manifests follow package.json, `workspace:` ranges
 * survive, and no private package is versioned or gets a changelog.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { printTable, REPO_ROOT, run } from "./workspace.ts";

const CHANGESET = join(REPO_ROOT, "node_modules", "@changesets", "cli", "bin.js");
const BUMPS = ["patch", "minor", "major"] as const;
type Bump = (typeof BUMPS)[number];

interface Workspace {
  name: string;
  dir: string;
  manifest: Record<string, any>;
}

/** Every workspace package, found from the folders pnpm-workspace.yaml lists (plain folders or `dir/*`). */
async function workspacePackages(root: string): Promise<Workspace[]> {
  const yaml = await readFile(join(root, "pnpm-workspace.yaml"), "utf8");
  const globs = [...yaml.matchAll(/^\s*-\s*["']?([^"'\s]+)["']?\s*$/gm)].map((m) => m[1]!);
  const dirs: string[] = [];
  for (const glob of globs) {
    if (!glob.endsWith("/*")) dirs.push(join(root, glob));
    else if (existsSync(join(root, glob.slice(0, -2)))) {
      for (const entry of await readdir(join(root, glob.slice(0, -2)), { withFileTypes: true })) {
        if (entry.isDirectory()) dirs.push(join(root, glob.slice(0, -2), entry.name));
      }
    }
  }
  const found: Workspace[] = [];
  for (const dir of dirs) {
    if (!existsSync(join(dir, "package.json"))) continue;
    const manifest = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
    found.push({ name: manifest.name, dir, manifest });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** The bump each package's pending changesets ask for, and their summaries. */
async function pendingChangesets(root: string): Promise<Map<string, { bump: Bump; summaries: string[] }>> {
  const pending = new Map<string, { bump: Bump; summaries: string[] }>();
  const dir = join(root, ".changeset");
  for (const file of (await readdir(dir)).filter((f) => f.endsWith(".md") && f !== "README.md")) {
    const text = await readFile(join(dir, file), "utf8");
    const [, frontmatter = "", summary = ""] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
    for (const [, name, bump] of frontmatter.matchAll(/^\s*["']?([^"':]+)["']?\s*:\s*(patch|minor|major)\s*$/gm)) {
      const entry = pending.get(name!) ?? { bump: "patch", summaries: [] };
      if (BUMPS.indexOf(bump as Bump) > BUMPS.indexOf(entry.bump)) entry.bump = bump as Bump;
      entry.summaries.push(summary.trim());
      pending.set(name!, entry);
    }
  }
  return pending;
}

function bumped(version: string, bump: Bump): string {
  const [major = 0, minor = 0, patch = 0] = version.split(".").map(Number);
  if (bump === "major") return `${major + 1}.0.0`;
  if (bump === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

const scratch = await mkdtemp(join(tmpdir(), "occ-changesets-"));
const clone = join(scratch, "repo");
const rows: string[][] = [];
const problems: string[] = [];
try {
  const cloned = await run("git", ["clone", "--quiet", "--no-hardlinks", REPO_ROOT, clone]);
  if (cloned.code !== 0) throw new Error(`git clone failed: ${cloned.stderr}`);
  const before = await workspacePackages(clone);
  const pending = await pendingChangesets(clone);
  for (const name of pending.keys()) {
    if (!before.some((pkg) => pkg.name === name)) problems.push(`a changeset names ${name}, which is not in the workspace`);
  }
  const versioned = await run(process.execPath, [CHANGESET, "version"], { cwd: clone });
  if (versioned.code !== 0) throw new Error(`changeset version failed:\n${versioned.stderr}${versioned.stdout}`);
  const synced = await run(process.execPath, [join(clone, "tools", "src", "sync-jsr-versions.ts")], { cwd: clone });
  if (synced.code !== 0) throw new Error(`sync-jsr-versions failed:\n${synced.stderr}`);
  const after = new Map((await workspacePackages(clone)).map((pkg) => [pkg.name, pkg]));

  for (const pkg of before) {
    const now = after.get(pkg.name)!;
    const changelogPath = join(pkg.dir, "CHANGELOG.md");
    const changelog = existsSync(changelogPath) ? await readFile(changelogPath, "utf8") : undefined;
    const isPrivate = Boolean(pkg.manifest.private);
    const change = pending.get(pkg.name);
    const issues: string[] = [];
    if (isPrivate) {
      if (now.manifest.version !== pkg.manifest.version) issues.push(`private but versioned to ${now.manifest.version}`);
      if (changelog !== undefined) issues.push("private but got a CHANGELOG.md");
    } else if (change) {
      const wanted = bumped(pkg.manifest.version, change.bump);
      if (now.manifest.version !== wanted) issues.push(`expected ${wanted}, got ${now.manifest.version}`);
      if (changelog === undefined) issues.push("no CHANGELOG.md");
      else {
        if (!changelog.includes(`## ${wanted}`)) issues.push(`CHANGELOG.md has no "## ${wanted}" heading`);
        const missing = change.summaries.filter((s) => !changelog.includes(s.split("\n")[0]!));
        if (missing.length > 0) issues.push("CHANGELOG.md lacks a changeset's text");
      }
    }
    if (!isPrivate && !change && pkg.manifest.version === "0.0.0" && now.manifest.version !== "0.0.0") {
      issues.push(`first release without a changeset of its own (add .changeset/${pkg.dir.split("/").at(-1)}-first-release.md)`);
    }
    for (const name of ["deno.json", "jsr.json"]) {
      if (isPrivate || !existsSync(join(pkg.dir, name))) continue;
      const jsr = JSON.parse(await readFile(join(pkg.dir, name), "utf8"));
      if (jsr.version !== now.manifest.version) issues.push(`${name} version ${jsr.version} != ${now.manifest.version}`);
    }
    for (const field of ["dependencies", "peerDependencies"]) {
      for (const [dep, range] of Object.entries<string>(pkg.manifest[field] ?? {})) {
        const nowRange = now.manifest[field]?.[dep];
        if (range.startsWith("workspace:") && nowRange !== range) issues.push(`${field}.${dep} became ${nowRange}`);
      }
    }
    problems.push(...issues.map((issue) => `${pkg.name}: ${issue}`));
    rows.push([
      pkg.name,
      isPrivate ? "private" : "public",
      change ? change.bump : "-",
      `${pkg.manifest.version} -> ${now.manifest.version}`,
      changelog === undefined ? "-" : "written",
      issues.length === 0 ? "ok" : "FAIL",
    ]);
  }
  const left = (await readdir(join(clone, ".changeset"))).filter((f) => f.endsWith(".md") && f !== "README.md");
  if (left.length > 0) problems.push(`changesets not consumed: ${left.join(", ")}`);
} catch (error) {
  problems.push((error as Error).message);
} finally {
  await rm(scratch, { recursive: true, force: true });
}

printTable(["package", "kind", "changeset", "version", "CHANGELOG.md", "result"], rows);
if (problems.length > 0) console.log(`\n${problems.join("\n")}`);
const failed = rows.filter((row) => row[5] !== "ok").length;
console.log(`\nchangesets: ${rows.length - failed} passed, ${failed} failed`);
process.exitCode = problems.length > 0 ? 1 : 0;
