/**
 * The client secret never leaks: not in errors (message, stack, String, JSON, causes, the runtime's inspector),
 * not in the client's serialization or inspection, not in what the store holds. Events are checked by the runner
 * for every case.
 */
import type { StoredToken, TokenStore } from "@occ/core";
import { assert } from "../assert.ts";
import type { Case } from "../context.ts";
import { findSecret, secretForms } from "../secrets.ts";

const SECRET = "hyg+iene/:%&=~!*'() é🔑-secret";
const CLIENT_ID = "hygiene:client";

function errorTexts(error: unknown): string[] {
  const texts: string[] = [];
  for (let current = error, depth = 0; current !== undefined && depth < 5; depth++) {
    texts.push(String(current));
    if (current instanceof Error) {
      texts.push(current.message, current.stack ?? "");
      current = current.cause;
    } else {
      current = undefined;
    }
  }
  try {
    texts.push(JSON.stringify(error) ?? "");
  } catch {
    // A cause that cannot be serialized is still checked through its message and stack above.
  }
  return texts;
}

function recordingStore(): TokenStore & { dump(): string } {
  const entries = new Map<string, StoredToken>();
  return {
    get: (key) => entries.get(key),
    set: (key, value) => void entries.set(key, value),
    delete: (key) => void entries.delete(key),
    dump: () => JSON.stringify([...entries]),
  };
}

/** Secret hygiene cases. */
export const hygieneCases: Case[] = [
  {
    name: "secret hygiene: the secret is in no error, serialization, stored value or event",
    async run(ctx) {
      const forms = secretForms(CLIENT_ID, SECRET);
      const store = recordingStore();
      const failing = [
        ctx.fault.url("oauth-error", ctx.id()),
        ctx.fault.url("oauth-error-401", ctx.id()),
        ctx.fault.url("html", ctx.id()),
        ctx.fault.url("truncated", ctx.id()),
        ctx.fault.url("redirect", ctx.id()),
        ctx.fault.url("hang", ctx.id()),
        `${ctx.env.closedUrl}/token`,
        ctx.env.tokenUrl, // oidc-provider: invalid_client for this unknown client
      ];
      const checked: unknown[] = [];
      for (const authMethod of ["client_secret_basic", "client_secret_post"] as const) {
        for (const tokenUrl of failing) {
          const client = ctx.createClient({ tokenUrl, clientId: CLIENT_ID, clientSecret: SECRET, authMethod, timeout: 200, retries: 0, store });
          const shown = [JSON.stringify(client), String(client), JSON.stringify(Object.entries(client)), ctx.inspect?.(client) ?? ""];
          for (const text of shown) {
            const hit = findSecret(text, forms);
            assert(!hit, `${hit} in the serialized client`);
          }
          try {
            await client.getToken();
          } catch (error) {
            checked.push(error);
            for (const text of [...errorTexts(error), ctx.inspect?.(error) ?? ""]) {
              const hit = findSecret(text, forms);
              assert(!hit, `${hit} in the error from ${authMethod} → ${tokenUrl}: ${text.slice(0, 80)}`);
            }
          }
        }
        const ok = ctx.createClient({ tokenUrl: ctx.fault.url("ok", ctx.id()), clientId: CLIENT_ID, clientSecret: SECRET, authMethod, store });
        await ok.getToken();
      }
      assert(checked.length === failing.length * 2, `expected ${failing.length * 2} errors, got ${checked.length}`);
      const stored = store.dump();
      assert(stored.includes("tok-1"), "the store holds no token");
      const hit = findSecret(stored, forms);
      assert(!hit, `${hit} in the store's keys or values`);
    },
  },
];
