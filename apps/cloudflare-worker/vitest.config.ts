import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each test starts `wrangler dev` (a Node process and workerd): seconds, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
