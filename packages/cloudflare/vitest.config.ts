import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => ({
      main: "./test/fixtures/worker.ts",
      miniflare: {
        compatibilityDate: "2026-11-01",
        kvNamespaces: ["OAUTH_TOKENS", "STORE_KV"],
        // The Worker's configuration, as `wrangler secret put` and [vars] would provide it.
        bindings: {
          OAUTH_TOKEN_URL: inject("tokenUrl"),
          OAUTH_CLIENT_ID: inject("clients").basic.clientId,
          OAUTH_CLIENT_SECRET: inject("clients").basic.clientSecret,
          OAUTH_SCOPE: "read:data",
        },
      },
    })),
  ],
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    // Tests compare the auth servers' token counters before and after, so files must not overlap.
    fileParallelism: false,
    testTimeout: 10_000,
    hookTimeout: 10_000,
  },
});
