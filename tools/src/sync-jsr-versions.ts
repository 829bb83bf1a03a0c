/**
 * `changeset version` bumps package.json only; JSR reads the version from deno.json (or jsr.json). Run right
 * after it, this copies each published package's new version into its JSR manifest, editing only that line so
 * the file keeps its formatting.
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { publishedPackages } from "./workspace.ts";

for (const pkg of await publishedPackages()) {
  for (const file of ["deno.json", "jsr.json"].map((name) => join(pkg.dir, name))) {
    if (!existsSync(file)) continue;
    const text = await readFile(file, "utf8");
    const updated = text.replace(/("version"\s*:\s*)"[^"]*"/, `$1"${pkg.version}"`);
    if (!/"version"\s*:/.test(text)) throw new Error(`${file} has no "version" field for JSR`);
    if (updated !== text) {
      await writeFile(file, updated);
      console.log(`${pkg.name}: ${file.slice(pkg.dir.length + 1)} set to ${pkg.version}`);
    }
  }
}
