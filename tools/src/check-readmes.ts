/**
 * Type-checks every ```ts block of every README against the built packages, as a user would import them, with the
 * declarations of the runtime the block is written for (see readme-blocks.ts): Node and Bun blocks in one tsc
 * program with @types/node, Workers blocks in one with @cloudflare/workers-types, Deno blocks with `deno check`.
 * Blocks marked as fragments are skipped. Prints every failing block with its README line and TypeScript's errors
 * and exits non-zero, except for the blocks listed in readme-known-failures.json with the reason they fail (a
 * listed block that compiles again fails the run, so the list only shrinks).
 */
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readmeBlocks } from "./readme-blocks.ts";
import type { ReadmeBlock } from "./readme-blocks.ts";
import { blockFile, writeScratchProject } from "./readme-scratch.ts";
import { denoCheck, tscCheck } from "./readme-typecheck.ts";
import type { BlockError } from "./readme-typecheck.ts";
import { printTable } from "./workspace.ts";

const KNOWN_FAILURES = join(import.meta.dirname, "..", "readme-known-failures.json");
const DENO_CONFIG = JSON.stringify({ nodeModulesDir: "manual", unstable: ["kv"] });

interface KnownFailure {
  readme: string;
  /** {@link blockId} of the block as it was when it was listed: an edited block is checked anew. */
  block: string;
  why: string;
}

/** A short hash of the block's code, stable when lines above it move. */
const blockId = (block: ReadmeBlock) => createHash("sha256").update(block.code).digest("hex").slice(0, 12);

const all = await readmeBlocks();
const checked = all.filter((block) => !block.fragment);
const known: KnownFailure[] = JSON.parse(await readFile(KNOWN_FAILURES, "utf8"));
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
let knownFailures = 0;
for (const block of checked) {
  const errors = errorsByFile.get(fileOf.get(block)!) ?? [];
  const listed = known.find((entry) => entry.readme === block.readme && entry.block === blockId(block));
  const where = `${block.readme}:${block.line}`;
  let result = errors.length === 0 ? "pass" : "FAIL";
  if (listed && errors.length > 0) {
    result = "known failure";
    knownFailures++;
  }
  if (listed && errors.length === 0) report.push(`${where} compiles now: remove it from readme-known-failures.json`);
  if (result === "FAIL" || (listed && errors.length === 0)) failures++;
  if (errors.length > 0) {
    const heading = listed ? `${where} (${block.runtime}, known failure ${listed.block}: ${listed.why})` : `${where} (${block.runtime}, block ${blockId(block)})`;
    report.push([heading, ...errors.map((e) => `  ${block.readme}:${block.line + e.line}:${e.column} ${e.message.replaceAll("\n", "\n    ")}`)].join("\n"));
  }
  rows.push([where, block.runtime, result]);
}
const stray = [...errorsByFile.get("") ?? []].map((e) => e.message);
failures += stray.length;

printTable(["block", "runtime", "result"], rows);
if (report.length + stray.length > 0) console.log(`\n${[...report, ...stray].join("\n\n")}`);
const skipped = all.length - checked.length;
console.log(`\n${skipped} fragment(s) skipped; mark a block that is not meant to compile with <!-- fragment --> on the line before it.`);
if (knownFailures > 0) console.log(`${knownFailures} known failure(s), listed with the reason in tools/readme-known-failures.json.`);
console.log(`readmes: ${checked.length - failures - knownFailures} passed, ${failures} failed`);
process.exitCode = failures > 0 ? 1 : 0;
