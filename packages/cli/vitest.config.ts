import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // Each test starts the CLI as a child process; on a loaded 2-core machine that can take a few seconds.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
