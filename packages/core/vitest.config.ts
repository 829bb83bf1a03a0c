import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // CI shares two cores between several packages' suites and the property tests; give slow runs room.
    testTimeout: 30_000,
    // The public API's types are tested by tsc alongside the runtime tests, so `pnpm test` catches a type break.
    // vitest hands tsc this project as is, so it must include the type tests (the main tsconfig covers src only).
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./test/tsconfig.type-tests.json" },
  },
});
