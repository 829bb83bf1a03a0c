/** The fuzzer's invariants on a CI-sized sample; `pnpm fuzz` runs 1 000 000 cases against the built package. */
import { expect, it } from "vitest";
import * as occ from "../src/index.ts";
import { generate } from "../fuzz/generate.ts";
import { fuzz } from "../fuzz/invariants.ts";

it("5 000 generated token responses: typed failures only, no unsafe token returned or stored, no hang, no secret out", async () => {
  expect(await fuzz(occ, 1_000_000_001, 5_000, generate)).toEqual([]);
});

it("the generator reaches every kind of case it claims to", () => {
  const deliveries = new Set(Array.from({ length: 5_000 }, (_, i) => generate(i).delivery));
  expect(deliveries).toEqual(new Set(["whole", "chunked", "endless", "not-a-response", "throws"]));
});
