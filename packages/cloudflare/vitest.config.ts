import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { fleetWorkers } from "./test/fleet-workers.ts";

const compatibilityDate = "2026-11-01";

export default defineConfig({
  plugins: [
    cloudflareTest(async ({ inject }) => {
      // The Worker's configuration, as `wrangler secret put` and [vars] would provide it.
      const bindings = {
        OAUTH_TOKEN_URL: inject("tokenUrl"),
        OAUTH_CLIENT_ID: inject("clients").basic.clientId,
        OAUTH_CLIENT_SECRET: inject("clients").basic.clientSecret,
        OAUTH_SCOPE: "read:data",
      };
      return {
        main: "./test/fixtures/worker.ts",
        miniflare: {
          compatibilityDate,
          kvNamespaces: ["OAUTH_TOKENS", "STORE_KV"],
          bindings,
          durableObjects: {
            // Hosted by the Worker under test (exported from its main module), as most users bind it.
            OCC_COORDINATOR: { className: "OccTokenCoordinator", useSQLite: true },
            // Hosted by another Worker, shared with the fleet Workers below.
            SHARED_COORDINATOR: { className: "OccTokenCoordinator", scriptName: "occ-coordinator", useSQLite: true },
          },
          serviceBindings: { FLEET_A: "fleet-a", FLEET_B: "fleet-b" },
          workers: await fleetWorkers(compatibilityDate, bindings),
        },
      };
    }),
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
