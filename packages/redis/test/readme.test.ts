/**
 * The README's example, as written, run as `main.mjs` by Node against a real redis-server, the dev authorization
 * server and its protected API. tools/check-readmes type-checks it with every other README block. Needs `dist/` (turbo builds it before test).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { exampleEnv, startAuthServer, startProtectedApi } from "@occ/dev-server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { destroy, testClient } from "./helpers.ts";
import { startRedisServer } from "./redis-server.ts";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
// Inside the package, so `@occ/redis` resolves to this package's build and the rest to its node_modules.
const scratch = `${packageDir}.readme`;

let example: string;
beforeAll(async () => {
  if (!existsSync(`${packageDir}dist/index.js`)) throw new Error("packages/redis/dist is missing: run `pnpm --filter @occ/redis build`");
  const readme = await readFile(`${packageDir}README.md`, "utf8");
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
  expect(blocks).toHaveLength(1);
  example = blocks[0]!;
  await mkdir(scratch, { recursive: true });
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

it("runs as main.mjs: calls the API with a token, which it stores in Redis", async () => {
  const redis = await startRedisServer();
  const auth = await startAuthServer();
  const api = await startProtectedApi({ issuer: auth.issuer, jwksUrl: auth.jwksUrl });
  const inspector = testClient(redis.url);
  try {
    await writeFile(`${scratch}/main.mjs`, example);
    const env = { PATH: process.env.PATH, ...exampleEnv(auth, api), REDIS_URL: redis.url };
    const { stdout } = await run(process.execPath, [`${scratch}/main.mjs`], { env, cwd: scratch });
    expect(stdout.trim()).toBe("200");

    await inspector.connect();
    const keys = await inspector.keys("occ:*");
    expect(keys).toHaveLength(1);
    expect(JSON.parse((await inspector.get(keys[0]!))!)).toMatchObject({ tokenType: "Bearer", scope: "read:data" });
  } finally {
    destroy(inspector);
    await Promise.all([redis.stop(), auth.close(), api.close()]);
  }
}, 30_000);
