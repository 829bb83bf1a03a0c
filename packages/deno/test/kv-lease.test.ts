import assert from "node:assert/strict";
import { denoKvStore } from "../src/index.ts";
import { tempKvPath, withKv } from "./helpers.ts";

Deno.test("denoKvStore keeps the lease under [prefix, 'lease', key] as { owner, expiresAt } with expireIn", async () => {
  await withKv(async (kv) => {
    const before = Date.now();
    assert.equal(await denoKvStore(kv).acquireLease("3f9a", "instance-1", 30_000), true);
    const { value } = await kv.get<{ owner: string; expiresAt: number }>(["occ", "lease", "3f9a"]);
    assert.equal(value?.owner, "instance-1");
    assert.ok(value!.expiresAt >= before + 30_000 && value!.expiresAt <= Date.now() + 30_000, `expiresAt ${value?.expiresAt}`);
    assert.equal(await denoKvStore(kv, { prefix: "other" }).acquireLease("3f9a", "instance-2", 30_000), true);
    assert.equal((await kv.get(["other", "lease", "3f9a"])).value !== null, true);
  });
});

Deno.test("a lease whose expiresAt has passed is taken over, though Deno KV still returns it", async () => {
  await withKv(async (kv) => {
    // What a lazily expired lease looks like: still in the database, its time already up.
    await kv.set(["occ", "lease", "k"], { owner: "crashed", expiresAt: Date.now() - 1 });
    const store = denoKvStore(kv);
    assert.equal(await store.releaseLease("k", "crashed"), false);
    assert.equal(await store.acquireLease("k", "next", 30_000), true);
    assert.equal(await store.acquireLease("k", "crashed", 30_000), false);
  });
});

Deno.test("a lease entry that is not a lease (foreign or corrupt) is taken over", async () => {
  await withKv(async (kv) => {
    const store = denoKvStore(kv);
    for (const [i, value] of ["a string", 42, null, { owner: 7, expiresAt: Date.now() + 60_000 }, { owner: "x" }].entries()) {
      await kv.set(["occ", "lease", `corrupt-${i}`], value);
      assert.equal(await store.acquireLease(`corrupt-${i}`, "owner", 30_000), true, `value #${i}`);
    }
  });
});

/** The process's stdout, line by line. */
async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let buffered = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    buffered += chunk;
    let newline;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      yield buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
    }
  }
}

Deno.test("4 deno processes, 3 owners each, racing for 25 leases in turn in one KV file: one winner per lease", async () => {
  const path = await tempKvPath();
  const dir = path.slice(0, path.lastIndexOf("/"));
  const [racers, leases, owners] = [4, 25, 3];
  const children = Array.from({ length: racers }, (_, racer) =>
    new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--config",
        new URL("../deno.test.json", import.meta.url).pathname,
        "--no-prompt",
        `--allow-read=${dir}`,
        `--allow-write=${dir}`,
        new URL("./fixtures/lease-racer.ts", import.meta.url).pathname,
        path,
        `racer-${racer}`,
        String(leases),
        String(owners),
      ],
      cwd: Deno.env.get("OCC_TEST_TMP"),
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn()
  );
  const outputs = children.map((child) => lines(child.stdout));
  // Every racer has opened the database before any of them starts.
  for (const output of outputs) assert.equal((await output.next()).value, "ready");
  await Promise.all(children.map(async (child) => {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode("go\n"));
    await writer.close();
  }));
  const wins: [string, string][] = [];
  for (const output of outputs) {
    const report = JSON.parse((await output.next()).value as string) as { wins: [string, string][]; errors: string[] };
    assert.deepEqual(report.errors, []);
    wins.push(...report.wins);
    assert.equal((await output.next()).done, true);
  }
  for (const child of children) assert.equal((await child.status).success, true);

  const winnersByLease = Object.groupBy(wins, ([lease]) => lease);
  for (let lease = 0; lease < leases; lease++) {
    assert.equal(winnersByLease[`lease-${lease}`]?.length, 1, `winners of lease-${lease}: ${JSON.stringify(winnersByLease[`lease-${lease}`])}`);
  }
  const byRacer = Object.groupBy(wins, ([, owner]) => owner.split("/")[0]!);
  console.log(`leases won per process: ${JSON.stringify(Object.fromEntries(Object.entries(byRacer).map(([racer, won]) => [racer, won!.length])))}`);

  // Every process saw the same holders: a second round of attempts from here wins nothing.
  const kv = await Deno.openKv(path);
  try {
    const store = denoKvStore(kv);
    for (let lease = 0; lease < leases; lease++) assert.equal(await store.acquireLease(`lease-${lease}`, "late", 60_000), false);
  } finally {
    kv.close();
  }
});
