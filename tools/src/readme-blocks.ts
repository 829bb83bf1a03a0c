/** The TypeScript code blocks of the repository's READMEs, and the runtime each one is written for. */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { REPO_ROOT } from "./workspace.ts";

/** The runtimes a block can be checked for. */
export type Runtime = "node" | "deno" | "workers" | "bun";
const RUNTIMES: readonly Runtime[] = ["node", "deno", "workers", "bun"];

/** One ```ts block of a README. */
export interface ReadmeBlock {
  /** The README, relative to the repository root. */
  readme: string;
  /** The folder the README is in (its package's folder), absolute. */
  dir: string;
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
  runtime: Runtime;
  /** Marked as a fragment: not meant to compile on its own. */
  fragment: boolean;
}

/** The marker, alone on the line before a fence, that says the block is a fragment. */
export const FRAGMENT_COMMENT = "<!-- fragment -->";

/** Every README.md at the root and one level below the workspace folders (packages/*, apps/*, bench, ...). */
export async function readmes(): Promise<string[]> {
  const found = [join(REPO_ROOT, "README.md")];
  for (const top of ["packages", "apps"]) {
    for (const entry of await readdir(join(REPO_ROOT, top), { withFileTypes: true })) {
      if (entry.isDirectory()) found.push(join(REPO_ROOT, top, entry.name, "README.md"));
    }
  }
  found.push(...["bench", "conformance", "tools"].map((dir) => join(REPO_ROOT, dir, "README.md")));
  return found.filter((path) => existsSync(path)).sort();
}

/**
 * The runtime a block names: a word after the language in the fence (```ts deno), else what it uses — `@occ/deno`
 * or `Deno.` is Deno, `@occ/cloudflare` or `ExportedHandler` is Workers, `Bun.` or `bun:` is Bun — else Node.
 */
export function runtimeOf(info: string[], code: string): Runtime {
  const named = info.find((word): word is Runtime => (RUNTIMES as readonly string[]).includes(word));
  if (named) return named;
  if (/from\s+["']@occ\/deno["']|\bDeno\./.test(code)) return "deno";
  if (/from\s+["']@occ\/cloudflare["']|\bExportedHandler\b|from\s+["']cloudflare:/.test(code)) return "workers";
  if (/\bBun\.|from\s+["']bun:/.test(code)) return "bun";
  return "node";
}

/** The ```ts and ```typescript blocks of one README; blocks inside other fenced blocks (```` ```md ````) are text. */
export function blocksOf(text: string, readme: string, dir: string): ReadmeBlock[] {
  const lines = text.split("\n");
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, infoText] = open;
    // CommonMark: the closing fence is the same character, at least as long, and nothing else on the line.
    const closing = new RegExp(`^\\s*${fence![0] === "`" ? "`" : "~"}{${fence!.length},}\\s*$`);
    const end = lines.findIndex((line, j) => j > i && closing.test(line));
    const close = end < 0 ? lines.length : end;
    const [language, ...info] = infoText!.trim().split(/\s+/);
    if (language === "ts" || language === "typescript") {
      const code = lines
        .slice(i + 1, close)
        .map((line) => (line.startsWith(indent!) ? line.slice(indent!.length) : line))
        .join("\n");
      const before = lines.slice(0, i).reverse().find((line) => line.trim() !== "") ?? "";
      const fragment = info.includes("fragment") || before.trim() === FRAGMENT_COMMENT;
      blocks.push({ readme, dir, line: i + 1, code, runtime: runtimeOf(info, code), fragment });
    }
    i = close;
  }
  return blocks;
}

/** Every TypeScript block of every README. */
export async function readmeBlocks(): Promise<ReadmeBlock[]> {
  const blocks: ReadmeBlock[] = [];
  for (const path of await readmes()) {
    const dir = join(path, "..");
    blocks.push(...blocksOf(await readFile(path, "utf8"), relative(REPO_ROOT, path), dir));
  }
  return blocks;
}
