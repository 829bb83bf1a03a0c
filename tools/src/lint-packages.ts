/**
 * Lints every published package as it would be published: packs it with pnpm, then runs publint (warnings
 * count as errors) and attw with the `esm-only` profile on the tarball, and checks that `types` comes first in
 * every `exports` condition, that README.md and LICENSE are packed, and that the manifest says where the package
 * comes from (`repository` with the package's `directory`, `homepage`, `bugs`: npm shows them on the package page).
 * Prints one table row per package and exits non-zero when any package fails.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { pack, type PackedPackage, printTable, publishedPackages, run } from "./workspace.ts";

const ATTW = join(import.meta.dirname, "..", "node_modules", ".bin", "attw");
// Resolution modes the esm-only profile deliberately leaves out: we ship no CommonJS build.
const IGNORED_BY_PROFILE = new Set(["node10", "node16-cjs"]);

/** Paths of `exports` condition objects whose first key is not `types` although they have one. */
function typesNotFirst(exports: unknown, path = "exports"): string[] {
  if (exports === null || typeof exports !== "object" || Array.isArray(exports)) return [];
  const keys = Object.keys(exports);
  const here = keys.includes("types") && keys[0] !== "types" ? [path] : [];
  return here.concat(
    ...keys.map((key) => typesNotFirst((exports as Record<string, unknown>)[key], `${path}["${key}"]`)),
  );
}

async function publintFindings(tarball: string): Promise<string[]> {
  const data = await readFile(tarball);
  const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  const { messages, pkg } = await publint({ pack: { tarball: buffer }, strict: true });
  return messages.map((m) => `publint ${m.type} ${m.code}: ${formatMessage(m, pkg, { color: false }) ?? ""}`);
}

async function attwFindings(tarball: string): Promise<{ failed: boolean; findings: string[] }> {
  const result = await run(ATTW, [tarball, "--profile", "esm-only", "--format", "json"]);
  let problems: { kind: string; entrypoint?: string; resolutionKind?: string }[] = [];
  try {
    const json = JSON.parse(result.stdout);
    problems = Object.values(json.problems ?? {}).flat() as typeof problems;
  } catch {
    return { failed: true, findings: [`attw did not run: ${result.stderr || result.stdout}`.trim()] };
  }
  const findings = problems
    .filter((p) => !p.resolutionKind || !IGNORED_BY_PROFILE.has(p.resolutionKind))
    .map((p) => `attw ${p.kind} at ${p.entrypoint ?? "?"} (${p.resolutionKind ?? "all resolutions"})`);
  return { failed: result.code !== 0, findings };
}

const REPOSITORY_URL = "git+https://github.com/occ-js/occ.git";

const TOOLS_MANIFEST = JSON.parse(await readFile(join(import.meta.dirname, "..", "package.json"), "utf8"));

/**
 * A published package must be a dependency of @occ/tools: turbo builds a package before tools' tests only then,
 * and these checks (and pack-test, size, check-readmes) read every package's `dist`.
 */
function toolsDependencyFindings(name: string): string[] {
  const listed = { ...TOOLS_MANIFEST.dependencies, ...TOOLS_MANIFEST.devDependencies }[name];
  return listed === "workspace:*" ? [] : [`add "${name}": "workspace:*" to tools/package.json devDependencies, so turbo builds it before tools' tests`];
}

/** What is missing or wrong in the manifest's `repository`, `homepage` and `bugs`, for a package in `packages/<dir>`. */
function metadataFindings(manifest: Record<string, any>, dir: string): string[] {
  const folder = `packages/${basename(dir)}`;
  const expected: Record<string, unknown> = {
    repository: { type: "git", url: REPOSITORY_URL, directory: folder },
    homepage: `https://github.com/occ-js/occ/tree/main/${folder}#readme`,
    bugs: "https://github.com/occ-js/occ/issues",
  };
  return Object.entries(expected)
    .filter(([field, value]) => JSON.stringify(manifest[field]) !== JSON.stringify(value))
    .map(([field, value]) => `package.json "${field}" must be ${JSON.stringify(value)}`);
}

const packages = await publishedPackages();
const scratch = await mkdtemp(join(tmpdir(), "occ-lint-"));
const rows: string[][] = [];
const details: string[] = [];
let failures = 0;
try {
  for (const pkg of packages) {
    const metadata = [...metadataFindings(pkg.manifest, pkg.dir), ...toolsDependencyFindings(pkg.name)];
    let packed: PackedPackage;
    try {
      packed = await pack(pkg, scratch);
    } catch (error) {
      failures++;
      rows.push([pkg.name, pkg.version, "not packed", "-", "-", "-", metadata.length === 0 ? "ok" : "FAIL", "FAIL"]);
      details.push(...[(error as Error).message, ...metadata].map((line) => `${pkg.name}: ${line}`));
      continue;
    }
    const lint = await publintFindings(packed.tarball);
    const types = await attwFindings(packed.tarball);
    const order = typesNotFirst(pkg.manifest.exports);
    const missingFiles = ["README.md", "LICENSE"].filter((file) => !packed.files.includes(file));
    const lintFails = lint.some((line) => line.startsWith("publint error"));
    const failed = lintFails || types.failed || order.length > 0 || missingFiles.length > 0 || metadata.length > 0;
    if (failed) failures++;
    rows.push([
      pkg.name,
      pkg.version,
      lint.length === 0 ? "ok" : `${lint.length} finding(s)`,
      types.failed ? "FAIL" : "ok",
      order.length === 0 ? "ok" : "FAIL",
      missingFiles.length === 0 ? "ok" : `missing ${missingFiles.join(", ")}`,
      metadata.length === 0 ? "ok" : "FAIL",
      failed ? "FAIL" : "pass",
    ]);
    const problems = [
      ...lint,
      ...types.findings,
      ...order.map((p) => `${p}: "types" must be the first condition`),
      ...missingFiles.map((file) => `${file} is not in the tarball: add it to "files" (npm shows the README as the package page)`),
      ...metadata,
    ];
    for (const line of problems) {
      details.push(`${pkg.name}: ${line}`);
    }
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

printTable(["package", "version", "publint", "attw (esm-only)", "types first", "README, LICENSE", "metadata", "result"], rows);
if (details.length > 0) console.log(`\n${details.join("\n")}`);
console.log(`\npackages: ${packages.length - failures} passed, ${failures} failed`);
process.exitCode = failures > 0 ? 1 : 0;
