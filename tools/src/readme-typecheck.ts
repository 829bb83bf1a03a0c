/** Type-checks README blocks: one TypeScript program per runtime for Node/Bun and Workers, `deno check` for Deno. */
import { join } from "node:path";
import ts from "typescript";
import { findPackage } from "./readme-scratch.ts";
import { run } from "./workspace.ts";

/** A type error, in the scratch file it was found in. */
export interface BlockError {
  file: string;
  line: number;
  column: number;
  message: string;
}

const DENO = join(import.meta.dirname, "..", "node_modules", ".bin", "deno");

/** A user's strict ESM project. `types` is empty: each runtime's declarations are given as root files instead. */
const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ["lib.es2023.d.ts"],
  types: [],
  skipLibCheck: true,
  // @occ/dev-server is not built: its package exports point at .ts sources.
  allowImportingTsExtensions: true,
};

/** The declarations of each runtime that tsc checks, as root files. */
function runtimeDeclarations(runtime: "node" | "workers"): string {
  const [name, usedBy] =
    runtime === "node" ? ["@types/node", ["packages/node"]] : ["@cloudflare/workers-types", ["packages/cloudflare", "packages/hono"]];
  const dir = findPackage(name, usedBy);
  if (!dir) throw new Error(`${name} is not installed in tools or ${usedBy.join(", ")}: cannot check ${runtime} blocks`);
  return join(dir, "index.d.ts");
}

/** Checks `files` in one program with the runtime's global declarations; errors in other files are not reported. */
export function tscCheck(files: string[], runtime: "node" | "workers"): BlockError[] {
  if (files.length === 0) return [];
  const program = ts.createProgram([...files, runtimeDeclarations(runtime)], OPTIONS);
  const wanted = new Set(files.map((file) => program.getSourceFile(file)?.fileName));
  const errors: BlockError[] = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    if (!diagnostic.file) {
      errors.push({ file: "", line: 0, column: 0, message: `TS${diagnostic.code}: ${message}` });
      continue;
    }
    if (!wanted.has(diagnostic.file.fileName)) continue;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    errors.push({ file: diagnostic.file.fileName, line: line + 1, column: character + 1, message: `TS${diagnostic.code}: ${message}` });
  }
  return errors;
}

/**
 * `deno check` of `files` in `folder` (which has a deno.json), with a private DENO_DIR and no network: npm
 * packages come from the folder's node_modules only.
 */
export async function denoCheck(folder: string, files: string[], denoDir: string): Promise<BlockError[]> {
  if (files.length === 0) return [];
  const result = await run(DENO, ["check", "--config", "deno.json", "--node-modules-dir=manual", "--no-remote", "--no-lock", ...files], {
    cwd: folder,
    env: { ...process.env, DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
  });
  if (result.code === 0) return [];
  const output = `${result.stdout}${result.stderr}`;
  const errors: BlockError[] = [];
  // Each diagnostic: "TS2304 [ERROR]: message\n    source line\n    ~~~\n    at file:///path:line:col"
  for (const match of output.matchAll(/(TS\d+) \[ERROR\]: ([\s\S]*?)\n\s+at file:\/\/(\S+?):(\d+):(\d+)/g)) {
    const [, code, text, file, line, column] = match;
    errors.push({ file: file!, line: Number(line), column: Number(column), message: `${code}: ${text!.split("\n")[0]}` });
  }
  if (errors.length === 0) errors.push({ file: "", line: 0, column: 0, message: `deno check failed:\n${output.trim()}` });
  return errors;
}
