import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, defineStore, memoryStore, type OccEvent, type StoredValue } from "../src/index.ts";
import { encodeBase64 } from "../src/util/base64.ts";
import { formEncode } from "../src/util/form.ts";
import { startFaultServer, uniqueId } from "./helpers.ts";

const SECRET = "top-s3cr3t+/:%&=~!*'() ünï";
const FORMS = [SECRET, formEncode(SECRET), encodeURIComponent(SECRET), encodeBase64(new TextEncoder().encode(`c:${formEncode(SECRET)}`))];

let fault: Awaited<ReturnType<typeof startFaultServer>>;
beforeAll(async () => {
  fault = await startFaultServer();
});
afterAll(() => fault.close());

function expectNoSecret(text: string | undefined, where: string) {
  for (const form of FORMS) expect(text ?? "", where).not.toContain(form);
}

describe("the client secret never appears", () => {
  it("in inspect, JSON or String of the client", () => {
    const client = createClient({ tokenUrl: `${fault.url}/ok/x`, clientId: "c", clientSecret: SECRET });
    expect(inspect(client, { showHidden: true, depth: 10 })).toContain('OccClient { clientId: "c"');
    for (const text of [inspect(client, { showHidden: true, depth: 10 }), JSON.stringify(client), String(client)]) expectNoSecret(text, text);
  });

  it.each(["oauth-error", "html", "truncated", "hang", "redirect", "oversized", "error-html"])(
    "in errors, events or the store when the server answers %s",
    async (scenario) => {
      const events: OccEvent[] = [];
      const stored: StoredValue[] = [];
      const inner = memoryStore();
      const store = defineStore({ get: (k) => inner.get(k), delete: (k) => inner.delete(k), set: (k, v, t) => (stored.push(v), inner.set(k, v, t)) });
      const client = createClient({
        tokenUrl: `${fault.url}/${scenario}/${uniqueId(scenario)}`,
        clientId: "c",
        clientSecret: SECRET,
        timeout: 100,
        retries: 1,
        store,
        onEvent: (e) => events.push(e),
      });
      const error = (await client.getToken().catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(Error);
      for (const text of [error.message, error.stack, String(error), inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error)]) {
        expectNoSecret(text, `error: ${text}`);
      }
      expectNoSecret(inspect(events, { depth: 10 }), "events");
      expectNoSecret(JSON.stringify(stored), "store");
    },
  );

  it("in an OAuthError even when the server echoes the credentials back", async () => {
    const echo: typeof fetch = async (_input, init) => {
      const form = String(init?.body);
      return new Response(JSON.stringify({ error: "invalid_client", error_description: `bad secret ${SECRET} / ${form} / ${(init?.headers as Record<string, string>).authorization ?? ""}` }), {
        status: 400,
        headers: { "content-type": "application/json" },
      });
    };
    for (const authMethod of ["client_secret_basic", "client_secret_post"] as const) {
      const client = createClient({ tokenUrl: "https://as.example/token", clientId: "c", clientSecret: SECRET, authMethod, fetch: echo });
      const error = (await client.getToken().catch((e: unknown) => e)) as Error & { errorDescription: string };
      expect(error.errorDescription).toContain("[REDACTED]");
      expectNoSecret(error.message, authMethod);
      expectNoSecret(error.errorDescription, authMethod);
    }
  });
});
