/**
 * The size of `@occ/core`: its published entry bundled by esbuild (minified ESM) and gzipped at level 9, beside
 * the same measure for oauth4webapi and @badgateway/oauth2-client, both whole and as the subset a
 * client-credentials user imports.
 *
 * Two numbers: the 3 KB TARGET from the issue, reported (met or missed, with the largest source files when
 * missed), and a CEILING that fails the run. The target is missed today: the contract's feature set (discovery,
 * retries with Retry-After, single flight, refresh-ahead, strict validation with typed errors, 401 replay)
 * measures about 7 KB, and even with every error message removed it stays above 5 KB. The ceiling keeps it
 * from growing while that is decided.
 */
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import { printTable, REPO_ROOT } from "./workspace.ts";

const TARGET = 3072;
const CEILING = 8192;
const TOOLS_DIR = join(import.meta.dirname, "..");

interface Measured {
  minified: number;
  gzipped: number;
  metafile: Metafile;
}

async function measure(entry: { contents: string } | { file: string }): Promise<Measured> {
  const result = await build({
    ...("file" in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.contents, resolveDir: TOOLS_DIR, loader: "js" as const } }),
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    // @badgateway/oauth2-client has only `main`; "neutral" would otherwise look at no main field at all.
    mainFields: ["module", "main"],
    // @badgateway/oauth2-client imports Node's `crypto` lazily as a PKCE fallback; it is no part of the bundle.
    external: ["crypto"],
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength, metafile: result.metafile };
}

const rows: { label: string; entry: string }[] = [
  { label: "@occ/core (all exports)", entry: `export * from "@occ/core";` },
  { label: "@occ/core: createClient", entry: `export { createClient } from "@occ/core";` },
  { label: "oauth4webapi (all exports)", entry: `export * from "oauth4webapi";` },
  {
    label: "oauth4webapi: client credentials",
    entry: `export { clientCredentialsGrantRequest, processClientCredentialsResponse, ClientSecretBasic } from "oauth4webapi";`,
  },
  { label: "@badgateway/oauth2-client (all exports)", entry: `export * from "@badgateway/oauth2-client";` },
  { label: "@badgateway/oauth2-client: OAuth2Client", entry: `export { OAuth2Client } from "@badgateway/oauth2-client";` },
  {
    label: "@badgateway/oauth2-client: + OAuth2Fetch",
    entry: `export { OAuth2Client, OAuth2Fetch } from "@badgateway/oauth2-client";`,
  },
];

const measured: string[][] = [];
let core: Measured | undefined;
for (const row of rows) {
  const result = await measure({ contents: row.entry });
  core ??= result;
  measured.push([row.label, String(result.minified), String(result.gzipped)]);
}
printTable(["bundle (esbuild, minified ESM)", "min bytes", "gzip -9 bytes"], measured);

const missed = core!.gzipped > TARGET;
const over = core!.gzipped > CEILING;
console.log(
  `\n@occ/core: ${core!.gzipped} bytes gzipped — target ${TARGET}: ${missed ? "MISSED" : "met"}; ceiling ${CEILING}: ${over ? "OVER" : "within"}`,
);
if (missed) {
  // The published entry is one file; the source shows where the bytes come from.
  const source = await measure({ file: join(REPO_ROOT, "packages", "core", "src", "index.ts") });
  const output = Object.values(source.metafile.outputs)[0]!;
  const contributors = Object.entries(output.inputs)
    .map(([file, { bytesInOutput }]) => [file.replace(/^.*packages\/core\//, ""), String(bytesInOutput)])
    .sort((a, b) => Number(b[1]) - Number(a[1]));
  console.log("\nLargest contributors (minified bytes before gzip):");
  printTable(["source file", "min bytes"], contributors);
}
console.log(`\nsize: ${over ? 0 : 1} passed, ${over ? 1 : 0} failed`);
process.exitCode = over ? 1 : 0;
