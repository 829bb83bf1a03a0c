import * as core from "@occ/core";
import * as keys from "@occ/keys";
import { describe, expect, it } from "vitest";
import * as hono from "../../src/index.ts";

describe("@occ/hono exports", () => {
  it("re-exports every export of @occ/core and @occ/keys as is, createClient included", () => {
    for (const [name, value] of Object.entries({ ...core, ...keys })) expect(hono, name).toHaveProperty(name, value);
    expect(hono.createClient).toBe(core.createClient);
  });

  it("adds the middleware and its helpers", () => {
    const own = Object.keys(hono).filter((name) => !(name in core) && !(name in keys));
    expect(own.sort()).toEqual(["clientCredentials", "occErrorResponse", "occErrorStatus"]);
  });
});
