import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts"],
          typecheck: { enabled: true, include: ["test/node/**/*.test-d.ts"], tsconfig: "tsconfig.test.json" },
        },
      },
      {
        test: {
          name: "runtimes",
          include: ["test/runtimes/**/*.test.ts"],
          globalSetup: ["test/runtimes/check-build.ts"],
          // Each test starts a Node, Bun or Deno process, or workerd.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            miniflare: {
              compatibilityDate: "2026-01-01",
              // Vars and secrets the way a deployed Worker gets them: env(c) reads them from c.env on workerd.
              bindings: {
                OAUTH_TOKEN_URL: inject("tokenUrl"),
                OAUTH_CLIENT_ID: inject("clientId"),
                OAUTH_CLIENT_SECRET: inject("clientSecret"),
                OAUTH_SCOPE: "read:data",
                API_URL: `${inject("apiUrl")}/data`,
              },
            },
          })),
        ],
        test: {
          name: "workerd",
          include: ["test/workerd/**/*.test.ts"],
          globalSetup: ["test/global-setup.ts"],
        },
      },
    ],
  },
});
