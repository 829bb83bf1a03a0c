/**
 * Type-checks every ```ts block of every README against the built packages, as a user would import them, with the
 * declarations of the runtime the block is written for (see readme-blocks.ts): Node and Bun blocks in one tsc
 * program with @types/node, Workers blocks in one with @cloudflare/workers-types, Deno blocks with `deno check`.
 * Blocks marked as fragments are skipped. Prints every failing block with its README line and TypeScript's errors
 * and exits non-zero.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readmeBlocks } from "./readme-blocks.ts";
import type { ReadmeBlock } from "./readme-blocks.ts";
import { blockFile, writeScratchProject } from "./readme-scratch.ts";
import { denoCheck, tscCheck } from "./readme-typecheck.ts";
import type { BlockError } from "./readme-typecheck.ts";
import { printTable } from "./workspace.ts";

const DENO_CONFIG = JSON.stringify({ nodeModulesDir: "manual", unstable: ["kv"] });

const all = await readmeBlocks();
const checked = all.filter((block) => !block.fragment);
const scratch = await mkdtemp(join(tmpdir(), "occ-readmes-"));
const errorsByFile = new Map<string, BlockError[]>();
const fileOf = new Map<ReadmeBlock, string>();
try {
  const byReadme = new Map<string, ReadmeBlock[]>();
  for (const block of checked) byReadme.set(block.readme, [...(byReadme.get(block.readme) ?? []), block]);
  const nodeFiles: string[] = [];
  const workersFiles: string[] = [];
  const denoRuns: Promise<BlockError[]>[] = [];
  for (const [readme, blocks] of byReadme) {
    const folder = join(scratch, readme.replaceAll("/", "__"));
    await writeScratchProject(folder, blocks, { "deno.json": DENO_CONFIG });
    for (const block of blocks) fileOf.set(block, blockFile(folder, block));
    const files = (runtimes: string[]) => blocks.filter((b) => runtimes.includes(b.runtime)).map((b) => fileOf.get(b)!);
    nodeFiles.push(...files(["node", "bun"]));
    workersFiles.push(...files(["workers"]));
    denoRuns.push(denoCheck(folder, files(["deno"]), join(scratch, "deno-dir")));
  }
  const errors = [...tscCheck(nodeFiles, "node"), ...tscCheck(workersFiles, "workers"), ...(await Promise.all(denoRuns)).flat()];
  for (const error of errors) errorsByFile.set(error.file, [...(errorsByFile.get(error.file) ?? []), error]);
} finally {
  await rm(scratch, { recursive: true, force: true });
}

const rows: string[][] = [];
const report: string[] = [];
let failures = 0;
for (const block of checked) {
  const errors = errorsByFile.get(fileOf.get(block)!) ?? [];
  const where = `${block.readme}:${block.line}`;
  if (errors.length > 0) {
    failures++;
    report.push([`${where} (${block.runtime})`, ...errors.map((e) => `  ${block.readme}:${block.line + e.line}:${e.column} ${e.message.replaceAll("\n", "\n    ")}`)].join("\n"));
  }
  rows.push([where, block.runtime, errors.length === 0 ? "pass" : "FAIL"]);
}
const stray = [...errorsByFile.get("") ?? []].map((e) => e.message);
failures += stray.length;

printTable(["block", "runtime", "result"], rows);
if (report.length + stray.length > 0) console.log(`\n${[...report, ...stray].join("\n\n")}`);
const skipped = all.length - checked.length;
console.log(`\n${skipped} fragment(s) skipped; mark a block that is not meant to compile with <!-- fragment --> on the line before it.`);
console.log(`readmes: ${checked.length - failures} passed, ${failures} failed`);
process.exitCode = failures > 0 ? 1 : 0;
