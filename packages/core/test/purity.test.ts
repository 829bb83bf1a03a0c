/** Core runs on every runtime only if its built output uses nothing but web-standard globals. */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const distDir = fileURLToPath(new URL("../dist/", import.meta.url));
const dist = readdirSync(distDir)
  .filter((file) => file.endsWith(".js"))
  .map((file) => readFileSync(distDir + file, "utf8"))
  .join("\n");
// Comments may mention anything; only code counts.
const code = dist.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");

describe("@occ/core build output", () => {
  it.each([
    ["Buffer", /\bBuffer\b/],
    ["btoa/atob", /\b(?:btoa|atob)\b/],
    ["crypto", /\bcrypto\b/],
    ["process", /\bprocess\b/],
    // Symbol.for("Deno.customInspect") is a string, not the Deno global.
    ["Deno", /(?<!["'\w.])Deno\./],
    ["Bun", /\bBun\./],
    ["node: imports", /["']node:/],
    ["require", /\brequire\s*\(/],
    // Entries share chunks of their own ("./chunk-…"); anything else would be a dependency.
    ["imports other than its own chunks", /^(?:(?:import|export)\b[^\n]*|\}\s*)from\s*["'](?!\.\/chunk-)/m],
    ["dynamic import", /\bimport\s*\(/],
  ])("uses no %s", (_name, pattern) => {
    expect(code).not.toMatch(pattern);
  });

  it("has no runtime dependencies", () => {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8"));
    expect(pkg.dependencies ?? {}).toEqual({});
  });
});
