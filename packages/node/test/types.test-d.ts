import * as core from "@occ/core";
import { describe, expectTypeOf, it } from "vitest";
import { type Client, createClient, type NodeClientOptions, OccError, memoryStore } from "../src/index.ts";

describe("types", () => {
  it("createClient takes optional, env-backed options and returns a core Client", () => {
    expectTypeOf(createClient).parameters.toEqualTypeOf<[options?: NodeClientOptions]>();
    expectTypeOf(createClient()).toEqualTypeOf<Client>();
    expectTypeOf(createClient({ scope: ["read:data"] })).toEqualTypeOf<core.Client>();
    expectTypeOf<NodeClientOptions["clientId"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<NodeClientOptions["env"]>().toEqualTypeOf<Readonly<Record<string, string | undefined>> | undefined>();
    // @ts-expect-error authMethod stays a closed union
    createClient({ authMethod: "basic" });
  });

  it("re-exports the rest of @occ/core unchanged", () => {
    expectTypeOf(OccError).toEqualTypeOf<typeof core.OccError>();
    expectTypeOf(memoryStore).toEqualTypeOf<typeof core.memoryStore>();
  });
});
