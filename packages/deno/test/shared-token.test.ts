import assert from "node:assert/strict";
import type { StoredToken } from "@occ/core";
import { createClient, denoKvStore } from "../src/index.ts";
import { countingTokenRequests, server, tempKvPath, withKv } from "./helpers.ts";

const explicit = { tokenUrl: server.tokenUrl, clientId: server.clientId, clientSecret: server.clientSecret };

async function storedEntries(kv: Deno.Kv): Promise<Deno.KvEntry<unknown>[]> {
  return await Array.fromAsync(kv.list({ prefix: [] }));
}

Deno.test("two clients on one KV handle share a token: the second makes no token request", async () => {
  await withKv(async (kv) => {
    const first = createClient({ ...explicit, store: denoKvStore(kv) });
    const second = createClient({ ...explicit, store: denoKvStore(kv) });
    const a = await countingTokenRequests(() => first.getToken());
    const b = await countingTokenRequests(() => second.getToken());
    assert.equal(a.requests, 1);
    assert.equal(b.requests, 0);
    assert.equal(b.result.accessToken, a.result.accessToken);
  });
});

Deno.test("two handles on the same KV file (like two processes) share a token", async () => {
  const path = await tempKvPath();
  const kv1 = await Deno.openKv(path);
  const kv2 = await Deno.openKv(path);
  try {
    const a = await countingTokenRequests(() => createClient({ ...explicit, store: denoKvStore(kv1) }).getToken());
    const b = await countingTokenRequests(() => createClient({ ...explicit, store: denoKvStore(kv2) }).getToken());
    assert.deepEqual([a.requests, b.requests], [1, 0]);
    assert.equal(b.result.accessToken, a.result.accessToken);
  } finally {
    kv1.close();
    kv2.close();
  }
});

Deno.test("a second Deno process, running the npm build, reuses the token stored in the same KV file", async () => {
  const path = await tempKvPath();
  const kv = await Deno.openKv(path);
  try {
    const { result: token } = await countingTokenRequests(() => createClient({ ...explicit, store: denoKvStore(kv) }).getToken());
    const child = await countingTokenRequests(() =>
      new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--config",
          new URL("../deno.test.json", import.meta.url).pathname,
          "--no-prompt",
          "--allow-net=127.0.0.1",
          "--allow-env=OAUTH_*",
          `--allow-read=${path}`,
          `--allow-write=${path}`,
          new URL("./fixtures/print-token.ts", import.meta.url).pathname,
          path,
        ],
        env: { OAUTH_TOKEN_URL: server.tokenUrl, OAUTH_CLIENT_ID: server.clientId, OAUTH_CLIENT_SECRET: server.clientSecret },
        cwd: Deno.env.get("OCC_TEST_TMP"),
        stdout: "piped",
        stderr: "inherit",
      }).output()
    );
    assert.ok(child.result.success, "child process failed");
    assert.equal(child.requests, 0);
    assert.equal(new TextDecoder().decode(child.result.stdout).trim(), token.accessToken);
  } finally {
    kv.close();
  }
});

Deno.test("a stored token past its expiresAt is not served, though Deno KV still returns it", async () => {
  await withKv(async (kv) => {
    const { result: first } = await countingTokenRequests(() => createClient({ ...explicit, store: denoKvStore(kv) }).getToken());
    const [entry] = await storedEntries(kv);
    assert.ok(entry);
    // What a lazily expired key looks like: still in the database, its expiresAt already passed.
    const expired: StoredToken = { ...(entry.value as StoredToken), expiresAt: Date.now() - 1000, issuedAt: Date.now() - 301_000 };
    await kv.set(entry.key, expired);

    const later = createClient({ ...explicit, store: denoKvStore(kv) });
    const { requests, result: second } = await countingTokenRequests(() => later.getToken());
    assert.equal(requests, 1);
    assert.notEqual(second.accessToken, first.accessToken);
    assert.ok(second.expiresAt > Date.now());
    // The replacement went back into KV for the next client.
    const replaced = (await kv.get<StoredToken>(entry.key)).value;
    assert.equal(replaced?.accessToken, second.accessToken);
  });
});

Deno.test("once its lifetime has passed, a shared token is replaced and the replacement is shared", async () => {
  await withKv(async (kv) => {
    let clock = Date.now();
    const now = () => clock;
    const { result: first } = await countingTokenRequests(() => createClient({ ...explicit, store: denoKvStore(kv), now }).getToken());
    clock = first.expiresAt + 1;

    const second = await countingTokenRequests(() => createClient({ ...explicit, store: denoKvStore(kv), now }).getToken());
    const third = await countingTokenRequests(() => createClient({ ...explicit, store: denoKvStore(kv), now }).getToken());
    assert.equal(second.requests, 1);
    assert.notEqual(second.result.accessToken, first.accessToken);
    assert.equal(third.requests, 0);
    assert.equal(third.result.accessToken, second.result.accessToken);
  });
});

Deno.test("a corrupt KV entry is skipped: the client fetches a token and overwrites it", async () => {
  await withKv(async (kv) => {
    await createClient({ ...explicit, store: denoKvStore(kv) }).getToken();
    const [entry] = await storedEntries(kv);
    assert.ok(entry);
    await kv.set(entry.key, { accessToken: 42 });
    const { requests, result } = await countingTokenRequests(() => createClient({ ...explicit, store: denoKvStore(kv) }).getToken());
    assert.equal(requests, 1);
    assert.equal((await kv.get<StoredToken>(entry.key)).value?.accessToken, result.accessToken);
  });
});

Deno.test("denoKvStore with a prefix works as the store of createClient", async () => {
  await withKv(async (kv) => {
    const background: Promise<unknown>[] = [];
    await createClient({ ...explicit, store: denoKvStore(kv, { prefix: "tenant-a" }), waitUntil: (p) => void background.push(p) }).getToken();
    await Promise.all(background);
    const keys = (await storedEntries(kv)).map((entry) => entry.key[0]);
    assert.deepEqual(keys, ["tenant-a"]);
  });
});

Deno.test("the client secret is never written to Deno KV", async () => {
  await withKv(async (kv) => {
    const background: Promise<unknown>[] = [];
    await createClient({ ...explicit, store: denoKvStore(kv), waitUntil: (p) => void background.push(p) }).getToken();
    // The token is written in the background, then the lease taken to fetch it is released.
    await Promise.all(background);
    const entries = await storedEntries(kv);
    assert.equal(entries.length, 1);
    const dump = Deno.inspect(entries, { depth: 10 }) + JSON.stringify(entries.map((e) => [e.key, e.value]));
    assert.ok(!dump.includes(server.clientSecret));
    assert.ok(!dump.includes(encodeURIComponent(server.clientSecret)));
  });
});
