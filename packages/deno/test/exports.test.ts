import assert from "node:assert/strict";
import * as core from "@occ/core";
import * as keys from "@occ/keys";
import * as deno from "../src/index.ts";

Deno.test("everything from @occ/core and @occ/keys is re-exported as the very same values, except createClient", () => {
  for (const [name, value] of [...Object.entries(core), ...Object.entries(keys)]) {
    if (name === "createClient") assert.notEqual(deno.createClient, core.createClient);
    else assert.equal((deno as Record<string, unknown>)[name], value, name);
  }
});

Deno.test("an error from the adapter is an instance of core's OccError", () => {
  assert.throws(() => deno.createClient({ tokenUrl: "https://as.example/token", clientId: "", clientSecret: "s" }), core.OccError);
});
