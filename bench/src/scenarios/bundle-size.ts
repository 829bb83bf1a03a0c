/**
 * 6b. Size: each package bundled by esbuild with its dependencies, minified, then gzipped. Two entries per
 * package: everything it exports, and only what a client-credentials service imports from it.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const BENCH_DIR = fileURLToPath(new URL("../..", import.meta.url));
const PACKAGES_DIR = join(BENCH_DIR, "..", "packages");

export interface BundleSize {
  name: string;
  version: string;
  /** `export *` of the entry, minified bytes and gzipped bytes. */
  entryMin: number;
  entryGzip: number;
  /** Only the imports a client-credentials service needs. */
  usedImports: string;
  usedMin: number;
  usedGzip: number;
}

interface Target {
  name: string;
  /** The module specifier and the directory it resolves from. */
  specifier: string;
  resolveDir: string;
  packageJson: string;
  used: string[];
  external: string[];
}

/** What a client-credentials service imports from each peer. */
const PEERS: Omit<Target, "specifier" | "resolveDir" | "packageJson" | "external">[] = [
  { name: "oauth4webapi", used: ["clientCredentialsGrantRequest", "processClientCredentialsResponse", "ClientSecretBasic"] },
  { name: "@badgateway/oauth2-client", used: ["OAuth2Client", "OAuth2Fetch"] },
  { name: "openid-client", used: ["discovery", "clientCredentialsGrant"] },
  { name: "simple-oauth2", used: ["ClientCredentials"] },
];

/** Published (non-private) occ packages that have been built. */
async function occTargets(): Promise<Target[]> {
  const targets: Target[] = [];
  for (const dir of (await readdir(PACKAGES_DIR)).sort()) {
    const packageJson = join(PACKAGES_DIR, dir, "package.json");
    const manifest = JSON.parse(await readFile(packageJson, "utf8").catch(() => "{}")) as {
      name?: string;
      private?: boolean;
      peerDependencies?: Record<string, string>;
    };
    if (manifest.name === undefined || manifest.private) continue;
    const entry = join(PACKAGES_DIR, dir, "dist", "index.js");
    if (!(await readFile(entry).then(() => true, () => false))) continue;
    targets.push({
      name: manifest.name,
      specifier: entry,
      resolveDir: join(PACKAGES_DIR, dir),
      packageJson,
      used: manifest.name === "@occ/core" ? ["createClient"] : [],
      // A peer dependency (hono, say) is the application's, not part of this package's weight.
      external: Object.keys(manifest.peerDependencies ?? {}),
    });
  }
  return targets;
}

async function bundle(contents: string, target: Target): Promise<{ min: number; gzip: number }> {
  const result = await build({
    stdin: { contents, resolveDir: target.resolveDir, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    target: "es2022",
    external: target.external,
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  return { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

export async function run(): Promise<BundleSize[]> {
  const targets = [
    ...(await occTargets()),
    ...PEERS.map((peer) => ({
      ...peer,
      specifier: peer.name,
      resolveDir: BENCH_DIR,
      packageJson: join(BENCH_DIR, "node_modules", peer.name, "package.json"),
      external: [],
    })),
  ];
  const sizes: BundleSize[] = [];
  for (const target of targets) {
    const { version } = JSON.parse(await readFile(target.packageJson, "utf8")) as { version: string };
    const entry = await bundle(`export * from ${JSON.stringify(target.specifier)};`, target);
    const used =
      target.used.length === 0
        ? entry
        : await bundle(`export { ${target.used.join(", ")} } from ${JSON.stringify(target.specifier)};`, target);
    sizes.push({
      name: target.name,
      version,
      entryMin: entry.min,
      entryGzip: entry.gzip,
      usedImports: target.used.length === 0 ? "(entry)" : target.used.join(", "),
      usedMin: used.min,
      usedGzip: used.gzip,
    });
  }
  return sizes;
}
