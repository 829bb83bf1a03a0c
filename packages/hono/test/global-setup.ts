// Runs in Node before the workerd tests: oidc-provider cannot run inside workerd, so the servers live here and the
// tests reach them over 127.0.0.1, the token-request counter included.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startAuthServer, startFaultServer, startProtectedApi } from "@occ/dev-server";
import type { TestProject } from "vitest/node";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const auth = await startAuthServer();
  const api = await startProtectedApi({ issuer: auth.issuer, jwksUrl: auth.jwksUrl });
  const faults = await startFaultServer();
  const counter = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ count: auth.tokenRequests() }));
  });
  await new Promise<void>((resolve) => counter.listen(0, "127.0.0.1", resolve));
  project.provide("tokenUrl", auth.tokenUrl);
  project.provide("tokenRequestsUrl", `http://127.0.0.1:${(counter.address() as AddressInfo).port}/`);
  project.provide("apiUrl", api.url);
  project.provide("faultUrl", faults.url);
  project.provide("clientId", auth.clients.basic.clientId);
  project.provide("clientSecret", auth.clients.basic.clientSecret);
  return async () => {
    counter.close();
    await Promise.all([auth.close(), api.close(), faults.close()]);
  };
}
