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
      // What an mtls_certificates binding does in production, built from workerd's own parts: a network service whose
      // TLS connections present a client certificate (and trust the test CA). See test/mtls.test.ts and the README.
      const mtls = inject("mtls");
      const network = (certificate?: { cert: string; key: string }) => ({
        network: {
          allow: ["local"],
          tlsOptions: {
            ...(certificate && { keypair: { privateKey: certificate.key, certificateChain: certificate.cert } }),
            trustedCertificates: [mtls.ca],
          },
        },
      });
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
          serviceBindings: {
            FLEET_A: "fleet-a",
            FLEET_B: "fleet-b",
            CLIENT_CERT: network(mtls.client),
            SELF_SIGNED_CERT: network(mtls.selfSigned),
            NO_CERT: network(),
          },
          // A real mtls_certificates binding, as `wrangler dev` binds one without `remote = true`.
          mtlsCertificates: { MY_CERT: { certificate_id: "00000000-0000-0000-0000-000000000000" } },
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
