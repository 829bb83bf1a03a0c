/** The published packages of the workspace, packing them, and running the tools that check them. */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";

/** The repository root, found from this file so the scripts work from any directory. */
export const REPO_ROOT = resolve(import.meta.dirname, "..", "..");

/** A package that `changeset publish` would publish. */
export interface PublishedPackage {
  name: string;
  version: string;
  dir: string;
  manifest: Record<string, any>;
}

/** Every non-private package under `packages/`, sorted by name. */
export async function publishedPackages(): Promise<PublishedPackage[]> {
  const root = join(REPO_ROOT, "packages");
  const found: PublishedPackage[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const manifestPath = join(root, entry.name, "package.json");
    if (!entry.isDirectory() || !existsSync(manifestPath)) continue;
    const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
    if (manifest.private) continue;
    found.push({ name: manifest.name, version: manifest.version, dir: join(root, entry.name), manifest });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** The outcome of a child process; it never rejects on a non-zero exit, callers decide. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command without a shell, capturing its output. */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}

// Files whose absence lint-packages reports by name; anything else listed in `files` and missing means "not built".
const DOCUMENTS = new Set(["README.md", "LICENSE"]);

/** A tarball made by {@link pack} and the paths inside it. */
export interface PackedPackage {
  tarball: string;
  files: string[];
}

/**
 * Packs one package with `pnpm pack`, which rewrites `workspace:` ranges to real versions the way
 * `changeset publish` does. Refuses an unbuilt package: its tarball would lack `dist` and every check after it
 * would fail for the wrong reason.
 */
export async function pack(pkg: PublishedPackage, destination: string): Promise<PackedPackage> {
  const files: string[] = pkg.manifest.files ?? [];
  const missing = files.filter((file) => !file.includes("*") && !DOCUMENTS.has(file) && !existsSync(join(pkg.dir, file)));
  if (missing.length > 0) {
    throw new Error(`${missing.join(", ")} missing; run \`pnpm build\` first`);
  }
  const result = await run("pnpm", ["pack", "--json", "--pack-destination", destination], { cwd: pkg.dir });
  if (result.code !== 0) throw new Error(`pnpm pack failed for ${pkg.name}:\n${result.stderr}${result.stdout}`);
  const json = JSON.parse(result.stdout.slice(result.stdout.indexOf("{")));
  return { tarball: resolve(destination, json.filename), files: json.files.map((file: { path: string }) => file.path) };
}

/** Prints rows as an aligned plain-text table, so it reads the same in a terminal and a CI log. */
export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd();
  console.log(line(header));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const row of rows) console.log(line(row));
}
