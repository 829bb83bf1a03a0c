/**
 * The scripts the pack test writes into its scratch project. Each prints one JSON line, `[{ name, ok, detail }]`,
 * and reads `expected.json` (package name → value exports its declarations promise).
 */
// The check scripts run inside the scratch project, in the runtime under test, with only the installed
// packages. They share one body of assertions; it is plain JavaScript so Node runs it without a loader.
const ASSERTIONS = String.raw`
const results = [];
const secret = "s3cr3t-value-" + Math.random().toString(36).slice(2);
async function check(name, fn) {
  try {
    const detail = await fn();
    results.push({ name, ok: true, detail: detail ?? "" });
  } catch (error) {
    results.push({ name, ok: false, detail: String(error && error.stack || error) });
  }
}
function same(actual, wanted, what) {
  const a = JSON.stringify(actual), w = JSON.stringify(wanted);
  if (a !== w) throw new Error(what + ": expected " + w + ", got " + a);
}
async function checkAll(load) {
  for (const [name, names] of Object.entries(expected)) {
    await check(name + " exports what its types declare", async () => {
      const mod = await load(name);
      same(Object.keys(mod).filter((key) => key !== "default" && key !== "module.exports").sort(), names, name);
    });
  }
  // Adapters may wrap createClient, but the error classes and codes they re-export must be core's own, or
  // instanceof OccError fails across packages.
  await check("adapters re-export @occ/core's errors and codes", async () => {
    const core = await load("@occ/core");
    const differing = [];
    for (const name of Object.keys(expected).filter((n) => n !== "@occ/core")) {
      const mod = await load(name);
      for (const key of Object.keys(core).filter((k) => /^[A-Z]/.test(k))) if (key in mod && mod[key] !== core[key]) differing.push(name + "." + key);
    }
    if (differing.length > 0) throw new Error("not the same as @occ/core's: " + differing.join(", "));
  });
  await check("@occ/core works", async () => {
    const core = await load("@occ/core");
    if (typeof core.createClient !== "function") throw new Error("createClient is not a function");
    const oauth = new core.OAuthError({ error: "invalid_client", status: 401 });
    if (!(oauth instanceof core.OccError) || !(oauth instanceof Error)) throw new Error("OAuthError is not an OccError");
    same([oauth.name, oauth.code, oauth.status, oauth.error], ["OAuthError", core.OAUTH_ERROR, 401, "invalid_client"], "OAuthError");
    same(core.INVALID_OPTIONS, "OCC_INVALID_OPTIONS", "INVALID_OPTIONS");
    let thrown;
    try {
      core.createClient({ clientId: "pack-test", clientSecret: secret });
    } catch (error) {
      thrown = error;
    }
    if (!(thrown instanceof core.OccError)) throw new Error("createClient without tokenUrl or issuer did not throw an OccError: " + thrown);
    same(thrown.code, core.INVALID_OPTIONS, "code");
    if (String(thrown.stack).includes(secret) || JSON.stringify(thrown).includes(secret)) throw new Error("the secret leaked into the error");
  });
}
`;

/** Imports every package from Node ESM. */
export const ESM_CHECK = `import { readFileSync } from "node:fs";
const expected = JSON.parse(readFileSync(new URL("./expected.json", import.meta.url), "utf8"));
${ASSERTIONS}
await checkAll((name) => import(name));
console.log(JSON.stringify(results));
`;

// We ship ESM only. Node 20.19+ and 22.12+ load it through require(esm) because no module uses top-level await;
// older Nodes must refuse with ERR_REQUIRE_ESM rather than load something half-working.
/** Loads every package with `require()`. */
export const REQUIRE_CHECK = `const { readFileSync } = require("node:fs");
const expected = JSON.parse(readFileSync(__dirname + "/expected.json", "utf8"));
${ASSERTIONS}
(async () => {
  if (process.features.require_module) {
    await checkAll(async (name) => require(name));
  } else {
    for (const name of Object.keys(expected)) {
      await check(name + " refuses require() on a Node without require(esm)", () => {
        try {
          require(name);
        } catch (error) {
          if (error.code === "ERR_REQUIRE_ESM") return;
          throw error;
        }
        throw new Error("require() loaded an ESM-only package");
      });
    }
  }
  console.log(JSON.stringify(results));
})();
`;

/** Imports every package from Deno through the project's node_modules. */
export const DENO_CHECK = `const expected = JSON.parse(await Deno.readTextFile("./expected.json"));
${ASSERTIONS}
await check("resolves from the local node_modules", () => {
  const url = import.meta.resolve("@occ/core");
  if (!url.includes("/node_modules/")) throw new Error("@occ/core resolved to " + url);
});
await checkAll((name) => import(name));
console.log(JSON.stringify(results));
`;
