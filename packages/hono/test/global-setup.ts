// Runs in Node before the workerd tests: oidc-provider cannot run inside workerd, so the servers live here and the
// tests reach them over 127.0.0.1.
import { startAuthServer, startFaultServer, startProtectedApi } from "@occ/dev-server";
import type { TestProject } from "vitest/node";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const auth = await startAuthServer();
  const api = await startProtectedApi({ issuer: auth.issuer, jwksUrl: auth.jwksUrl });
  const faults = await startFaultServer();
  project.provide("tokenUrl", auth.tokenUrl);
  project.provide("issuer", auth.issuer);
  project.provide("apiUrl", api.url);
  project.provide("faultUrl", faults.url);
  project.provide("clientId", auth.clients.basic.clientId);
  project.provide("clientSecret", auth.clients.basic.clientSecret);
  return async () => {
    await Promise.all([auth.close(), api.close(), faults.close()]);
  };
}
