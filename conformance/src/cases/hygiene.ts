/**
 * The client secret never leaks: not in errors (message, stack, String, JSON, causes, the runtime's inspector),
 * not in the client's serialization or inspection, not in what the store holds. Events are checked by the runner
 * for every case.
 */
import { assert } from "../assert.ts";
import type { Case } from "../context.ts";
import { findSecret, secretForms } from "../secrets.ts";
import { jsonStore, type JsonStore } from "../stores.ts";

const SECRET = "hyg+iene/:%&=~!*'() é🔑-secret";
// A rotation list: the client tries each against the servers that refuse them, so both must stay hidden.
const SECRETS = [SECRET, "hyg-previous\\\"quoted\\\"-secret"];
const CLIENT_ID = "hygiene:client";
// The default method (Basic, then post once), and each method named strictly.
const METHODS = [undefined, "client_secret_basic", "client_secret_post"] as const;

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

/** Secret hygiene cases. */
export const hygieneCases: Case[] = [
  {
    name: "secret hygiene: the secret is in no error, serialization, stored value or event",
    async run(ctx) {
      const forms = secretForms(CLIENT_ID, SECRETS);
      const stores: JsonStore[] = [];
      const background: Promise<unknown>[] = [];
      // Fresh paths and a store for each method: a pause stored by one method's client would refuse the next at once.
      const failing = () => [
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
      for (const authMethod of METHODS) {
        const store = jsonStore();
        stores.push(store);
        for (const tokenUrl of failing()) {
          const options = { tokenUrl, clientId: CLIENT_ID, clientSecret: SECRETS, timeout: 200, retries: 0, store, waitUntil: (p: Promise<unknown>) => void background.push(p) };
          const client = ctx.createClient(authMethod ? { ...options, authMethod } : options);
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
              assert(!hit, `${hit} in the error from ${authMethod ?? "the default method"} → ${tokenUrl}: ${text.slice(0, 80)}`);
            }
          }
        }
        const ok = ctx.createClient({ tokenUrl: ctx.fault.url("ok", ctx.id()), clientId: CLIENT_ID, clientSecret: SECRETS, store, ...(authMethod && { authMethod }) });
        await ok.getToken();
      }
      await Promise.all(background);
      const expected = failing().length * METHODS.length;
      assert(checked.length === expected, `expected ${expected} errors, got ${checked.length}`);
      // The store holds the tokens and the pauses the failures caused, with their error messages.
      const stored = stores.map((store) => store.dump()).join("\n");
      assert(stored.includes("tok-1") && stored.includes("pausedUntil"), "the store holds no token or no pause");
      const hit = findSecret(stored, forms);
      assert(!hit, `${hit} in the store's keys or values`);
    },
  },
];
