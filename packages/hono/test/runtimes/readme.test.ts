// The README example, extracted from README.md and run as written on each runtime it names.
import { bundleWorker, startLocalWorker } from "@occ/dev-server/local-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerRuntime, startServer } from "./processes.ts";
import { type ReadmeProject, readmeProject } from "./readme-project.ts";
import { oauthVariables, useServers } from "./servers.ts";

const servers = useServers();
let project: ReadmeProject;
beforeAll(async () => {
  project = await readmeProject();
});
afterAll(() => project?.remove());

const variables = () => ({ ...oauthVariables(servers), ORDERS_URL: `${servers.api.url}/data` });
const expected = { ok: true, client_id: "occ:basic", scope: "read:data" };

/** Three requests to `/api/orders`: each reaches the protected API, with one token request in all. */
async function expectOneTokenForThreeRequests(get: () => Promise<Response>): Promise<void> {
  const before = servers.auth.tokenRequests();
  for (let i = 0; i < 3; i++) {
    const res = await get();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject(expected);
  }
  expect(servers.auth.tokenRequests() - before).toBe(1);
}

describe("the README example, as written", () => {
  it.each<ServerRuntime>(["node", "bun", "deno"])("runs on %s, configured by OAUTH_* in the environment", async (runtime) => {
    const server = await startServer(runtime, project.module, { env: variables(), cwd: project.dir });
    try {
      await expectOneTokenForThreeRequests(() => fetch(`${server.url}/api/orders`));
    } finally {
      await server.stop();
    }
  });

  it("runs as a Worker in workerd, configured by its bindings", async () => {
    const worker = await startLocalWorker(await bundleWorker(project.module, project.wranglerToml), { bindings: variables() });
    try {
      await expectOneTokenForThreeRequests(() => worker.fetch("/api/orders"));
    } finally {
      await worker.dispose();
    }
  });
});
