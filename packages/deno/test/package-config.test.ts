import assert from "node:assert/strict";
import denoJson from "../deno.json" with { type: "json" };
import packageJson from "../package.json" with { type: "json" };

Deno.test("deno.json publishes the same package to JSR as package.json does to npm", () => {
  assert.equal(denoJson.name, packageJson.name);
  // changesets bumps package.json only; a JSR release of another version would be a different package.
  assert.equal(denoJson.version, packageJson.version);
  assert.equal(denoJson.exports, "./src/index.ts");
  assert.equal(denoJson.license, packageJson.license);
});

Deno.test("on JSR, @occ/core comes from npm in the major this package is built against", () => {
  assert.match(packageJson.dependencies["@occ/core"], /^workspace:\^/);
  assert.equal(denoJson.imports["@occ/core"], "npm:@occ/core@^0");
});
