// Run by test/run.ts WITHOUT --allow-env (and with --no-prompt). Deno.args: token URL, client id, client secret.
import assert from "node:assert/strict";
import { INVALID_OPTIONS, OccError } from "@occ/core";
import { createClient } from "../src/index.ts";

const [tokenUrl, clientId, clientSecret] = Deno.args;

Deno.test("this file really runs without env access", () => {
  assert.equal(Deno.permissions.querySync({ name: "env" }).state, "prompt");
});

Deno.test("without --allow-env, createClient() says which flag to add", () => {
  let error: unknown;
  try {
    createClient();
  } catch (caught) {
    error = caught;
  }
  assert.ok(error instanceof OccError, `expected an OccError, got ${error}`);
  assert.equal(error.code, INVALID_OPTIONS);
  assert.match(error.message, /--allow-env/);
  assert.match(error.message, /OAUTH_TOKEN_URL/);
  assert.match(error.message, /OAUTH_CLIENT_ID/);
  assert.match(error.message, /OAUTH_CLIENT_SECRET/);
  assert.ok(error.cause instanceof Deno.errors.NotCapable);
});

Deno.test("without --allow-env, a client configured in code needs no env access", async () => {
  assert.ok(tokenUrl && clientId && clientSecret, "run through test/run.ts");
  const token = await createClient({ tokenUrl, clientId, clientSecret }).getToken();
  assert.equal(token.tokenType, "Bearer");
});
