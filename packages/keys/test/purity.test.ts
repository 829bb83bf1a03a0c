/** @occ/keys runs on every runtime only if its build uses web-standard globals and imports nothing but @occ/core. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const dist = readFileSync(fileURLToPath(new URL("../dist/index.js", import.meta.url)), "utf8");
// Comments may mention anything; only code counts.
const code = dist.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");

describe("@occ/keys build output", () => {
  it.each([
    ["Buffer", /\bBuffer\b/],
    ["process", /\bprocess\b/],
    ["Deno", /(?<!["'\w.])Deno\./],
    ["Bun", /\bBun\./],
    ["node: imports", /["']node:/],
    ["require", /\brequire\s*\(/],
    ["dynamic import", /\bimport\s*\(/],
    // Web Crypto through the global only: no `webcrypto` export of node:crypto.
    ["webcrypto", /\bwebcrypto\b/],
  ])("uses no %s", (_name, pattern) => {
    expect(code).not.toMatch(pattern);
  });

  it("imports @occ/core and nothing else", () => {
    // `import … from "x"` on one line, or the closing `} from "x"` of one that spans lines.
    const imports = [...code.matchAll(/^(?:(?:import|export)\b[^\n]*?|\}\s*)from\s*["']([^"']+)["']/gm)].map((match) => match[1]);
    expect(new Set(imports)).toEqual(new Set(["@occ/core"]));
  });

  it("depends on @occ/core only", () => {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8"));
    expect(pkg.dependencies).toEqual({ "@occ/core": "workspace:^" });
    expect(pkg.peerDependencies).toBeUndefined();
  });
});
