import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

const entries = { index: "src/index.ts", env: "src/env.ts", "client-cache": "src/client-cache.ts", diagnostics: "src/diagnostics.ts" };
const common: Options = { format: ["esm"], target: "es2022", platform: "neutral", sourcemap: false };

// The JavaScript is built in one pass, so the entries share chunks and there is one `OccError` class at run time.
// The declarations are built one entry at a time, so each `.d.ts` is self-contained: a shared hashed chunk
// (`types-<hash>.d.ts`, imported as `./types-<hash>.js`) is not found by Deno when it reads this package through a
// workspace link instead of node_modules, which broke `deno publish` of @occ/deno.
// The configs run in parallel, so none of them may clean: dist is emptied once, here, before any starts.
rmSync("dist", { recursive: true, force: true });

// esbuild keeps a bare `import "./chunk-….js"` for every chunk an entry reaches, in case it has side effects. Core's
// chunks have none (the package says `sideEffects: false`), and a user's bundler warns about each such import
// ("ignored-bare-import"): they are removed once the build is done.
function dropBareChunkImports(): void {
  for (const file of readdirSync("dist").filter((name) => name.endsWith(".js"))) {
    const code = readFileSync(`dist/${file}`, "utf8");
    writeFileSync(`dist/${file}`, code.replace(/^import ["']\.\/chunk-[\w-]+\.js["'];\n/gm, ""));
  }
}

export default defineConfig([
  { ...common, entry: entries, onSuccess: async () => dropBareChunkImports() },
  ...Object.entries(entries).map(([name, path]): Options => ({ ...common, entry: { [name]: path }, dts: { only: true } })),
]);
