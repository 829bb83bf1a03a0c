import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // CI shares two cores between several packages' suites; RSA key generation and oidc-provider need room.
    testTimeout: 30_000,
  },
});
