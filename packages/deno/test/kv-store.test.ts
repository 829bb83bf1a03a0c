import assert from "node:assert/strict";
import { createClient as createCoreClient, INVALID_OPTIONS, type OccEvent, OccError, type StoredToken } from "@occ/core";
import { storeConformance } from "../../core/test/store-conformance.ts";
import { denoKvStore } from "../src/index.ts";
import { tempKvPath, thrown, withKv } from "./helpers.ts";

// One temporary KV file per case, closed when the case ends.
const opened: Deno.Kv[] = [];
storeConformance("denoKvStore", {
  test: (name, fn) =>
    Deno.test(name, async () => {
      try {
        await fn();
      } finally {
        for (const kv of opened.splice(0)) kv.close();
      }
    }),
  create: async () => {
    const kv = await Deno.openKv(await tempKvPath());
    opened.push(kv);
    return denoKvStore(kv);
  },
  leases: true,
});

const token: StoredToken = {
  accessToken: "access-1",
  tokenType: "Bearer",
  expiresAt: 1_900_000_000_000,
  issuedAt: 1_899_999_000_000,
  scope: "read:data",
};

Deno.test("denoKvStore keeps entries under [prefix, key], 'occ' by default", async () => {
  await withKv(async (kv) => {
    await denoKvStore(kv).set("occ:abc", token, 60);
    await denoKvStore(kv, { prefix: "tenant-a" }).set("occ:abc", { ...token, accessToken: "access-a" }, 60);
    assert.deepEqual((await kv.get(["occ", "occ:abc"])).value, token);
    assert.equal((await kv.get<StoredToken>(["tenant-a", "occ:abc"])).value?.accessToken, "access-a");
    assert.equal((await denoKvStore(kv, { prefix: "tenant-b" }).get("occ:abc")), undefined);
  });
});

Deno.test("denoKvStore sets expireIn to the TTL in whole milliseconds", async () => {
  await withKv(async (realKv) => {
    const expireIns: unknown[] = [];
    // The real handle does the work; the proxy only records the options Deno KV receives.
    const kv = new Proxy(realKv, {
      get(target, property) {
        if (property === "set") {
          return (key: Deno.KvKey, value: unknown, options?: { expireIn?: number }) => {
            expireIns.push(options?.expireIn);
            return target.set(key, value, options);
          };
        }
        const member = Reflect.get(target, property);
        return typeof member === "function" ? member.bind(target) : member;
      },
    });
    const store = denoKvStore(kv);
    await store.set("occ:a", token, 300);
    await store.set("occ:b", token, 0.0004);
    assert.deepEqual(expireIns, [300_000, 1]);
  });
});

Deno.test("a corrupt value in Deno KV is reported by occ, replaced, and never served", async () => {
  await withKv(async (kv) => {
    const corrupt: unknown[] = [
      "a string",
      42,
      [token],
      new Uint8Array([1, 2, 3]),
      { ...token, accessToken: "" },
      { ...token, expiresAt: "tomorrow" },
      { ...token, issuedAt: undefined },
      { ...token, scope: 7 },
      { tokenType: "Bearer", expiresAt: 1, issuedAt: 0 },
    ];
    for (const [i, value] of corrupt.entries()) {
      let fetched = 0;
      const options = {
        tokenUrl: "https://as.example/token",
        clientId: `corrupt-${i}`,
        clientSecret: "corrupt-secret",
        store: denoKvStore(kv),
        // The token endpoint is not under test here, only what happens to a corrupt value in KV.
        fetch: async () => (fetched++, Response.json({ access_token: `fresh-${fetched}`, token_type: "Bearer", expires_in: 3600 })),
      };
      await createCoreClient(options).getToken();
      // The token is written, and then the lease (an entry with an owner) released, in the client's background.
      const has = (entry: Deno.KvEntry<unknown>, field: string, value?: string) =>
        typeof entry.value === "object" && entry.value !== null && field in entry.value && (value === undefined || (entry.value as Record<string, unknown>)[field] === value);
      let entries: Deno.KvEntry<unknown>[] = [];
      while (!entries.some((e) => has(e, "accessToken", "fresh-1")) || entries.some((e) => has(e, "owner"))) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        entries = await Array.fromAsync(kv.list({ prefix: ["occ"] }));
      }
      const key = entries.find((e) => has(e, "accessToken", "fresh-1"))!.key;
      await kv.set(key, value);

      const events: OccEvent[] = [];
      const cold = createCoreClient({ ...options, onEvent: (event) => events.push(event) });
      assert.equal((await cold.getToken()).accessToken, "fresh-2", `value #${i}`);
      assert.deepEqual(events.filter((e) => e.type === "store_error").map((e) => e.type === "store_error" && e.operation), ["get"]);
      assert.equal((await kv.get<StoredToken>(key)).value?.accessToken, "fresh-2");
    }
  });
});

Deno.test("denoKvStore rejects an empty or non-string prefix with a typed error", () => {
  return withKv(async (kv) => {
    for (const prefix of ["", 7 as unknown as string]) {
      const error = await thrown(() => denoKvStore(kv, { prefix }));
      assert.ok(error instanceof OccError);
      assert.equal(error.code, INVALID_OPTIONS);
    }
  });
});

Deno.test("two handles on one KV file see each other's writes (as two processes would)", async () => {
  const path = await tempKvPath();
  const first = await Deno.openKv(path);
  const second = await Deno.openKv(path);
  try {
    await denoKvStore(first).set("occ:shared", token, 60);
    assert.deepEqual(await denoKvStore(second).get("occ:shared"), token);
    await denoKvStore(second).delete("occ:shared");
    assert.equal(await denoKvStore(first).get("occ:shared"), undefined);
  } finally {
    first.close();
    second.close();
  }
});
