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
        plugins: [
          cloudflareTest(({ inject }) => ({
            miniflare: {
              compatibilityDate: "2026-01-01",
              // Bindings the way a deployed Worker gets them, so the tests exercise options built from c.env.
              bindings: {
                TOKEN_URL: inject("tokenUrl"),
                CLIENT_ID: inject("clientId"),
                CLIENT_SECRET: inject("clientSecret"),
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
