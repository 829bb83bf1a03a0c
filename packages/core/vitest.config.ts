import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The public API's types are tested by tsc alongside the runtime tests, so `pnpm test` catches a type break.
    // vitest hands tsc this project as is, so it must include the type tests (the main tsconfig covers src only).
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./test/tsconfig.type-tests.json" },
  },
});
