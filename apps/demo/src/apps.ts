import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The example apps the demo runs, by folder name under apps/. */
export type ExampleApp = "node" | "cloudflare-worker" | "deno" | "hono";

/** An example app's folder, found through the workspace dependency rather than a path relative to this file. */
export function appDir(app: ExampleApp): string {
  return dirname(fileURLToPath(import.meta.resolve(`@occ/example-${app}/package.json`)));
}

/**
 * The `deno` executable that the `deno` npm package installs beside its launcher. Spawned directly: the launcher
 * (`bin.cjs`) runs it with spawnSync, so stopping the launcher would leave Deno running.
 */
export const denoBinary: string = join(
  dirname(createRequire(import.meta.url).resolve("deno/bin.cjs")),
  process.platform === "win32" ? "deno.exe" : "deno",
);
