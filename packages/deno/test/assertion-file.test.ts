import assert from "node:assert/strict";
import { CLIENT_ASSERTION_FAILED, clientAssertionFile, OccError } from "../src/index.ts";
import { tempKvPath } from "./helpers.ts";

/** A fresh folder the test run may write to. */
const tempDir = async () => (await tempKvPath()).replace(/\/kv\.sqlite3$/, "");

const context = { tokenUrl: "https://as.example/token", clientId: "svc" };

Deno.test("clientAssertionFile reads the file for every token request: a rotated file is picked up", async () => {
  const path = `${await tempDir()}/token`;
  try {
    const assertion = clientAssertionFile(path);
    await Deno.writeTextFile(path, "first.assertion.sig\n");
    assert.equal(await assertion(context), "first.assertion.sig");
    await Deno.writeTextFile(path, "second.assertion.sig");
    assert.equal(await assertion(context), "second.assertion.sig");
    assert.equal(assertion.credentialId, `file:${path}`);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("a missing or empty assertion file is a typed error naming the path", async () => {
  const dir = await tempDir();
  try {
    for (const [path, problem] of [
      [`${dir}/missing`, "cannot be read"],
      [dir, "cannot be read"],
    ] as const) {
      const error = await Promise.resolve(clientAssertionFile(path)(context)).catch((e: unknown) => e);
      assert.ok(error instanceof OccError);
      assert.equal(error.code, CLIENT_ASSERTION_FAILED);
      assert.match(error.message, new RegExp(`${path.replaceAll("/", "\\/")} ${problem}`));
    }
    await Deno.writeTextFile(`${dir}/empty`, "");
    const empty = await Promise.resolve(clientAssertionFile(`${dir}/empty`)(context)).catch((e: unknown) => e);
    assert.match((empty as Error).message, /is empty/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
