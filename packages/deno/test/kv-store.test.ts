import assert from "node:assert/strict";
import { INVALID_OPTIONS, OccError, type StoredToken } from "@occ/core";
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

Deno.test("denoKvStore stores only the token fields", async () => {
  await withKv(async (kv) => {
    const extra = { ...token, clientSecret: "must-not-be-stored", refresh: () => {} } as StoredToken;
    await denoKvStore(kv).set("occ:k", extra, 60);
    assert.deepEqual((await kv.get(["occ", "occ:k"])).value, token);
  });
});

Deno.test("denoKvStore reads corrupt values as a miss instead of crashing", async () => {
  await withKv(async (kv) => {
    const store = denoKvStore(kv);
    const corrupt: unknown[] = [
      "a string",
      42,
      null,
      [token],
      new Uint8Array([1, 2, 3]),
      { ...token, accessToken: "" },
      { ...token, expiresAt: "tomorrow" },
      { ...token, issuedAt: undefined },
      { ...token, scope: 7 },
      { tokenType: "Bearer", expiresAt: 1, issuedAt: 0 },
    ];
    for (const [i, value] of corrupt.entries()) {
      await kv.set(["occ", `occ:${i}`], value);
      assert.equal(await store.get(`occ:${i}`), undefined, `value #${i}`);
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
