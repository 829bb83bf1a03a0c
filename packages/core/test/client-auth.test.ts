import { describe, expect, it } from "vitest";
import { createClient, OAuthError, type ClientOptions, type OccEvent } from "../src/index.ts";

const SECRET = "s3cr+t/:%&=~ x";
const ID = "svc:one";

/**
 * Servers as measured in the field. `rfc` form-decodes Basic credentials (RFC 6749 §2.3.1); `raw` compares them
 * without decoding; `split` splits the decoded credentials at every ":". All of them accept client_secret_post.
 */
function server(mode: "rfc" | "raw" | "split", accepted = [SECRET], clientId = ID) {
  const seen: string[] = [];
  const fetch: typeof globalThis.fetch = async (_url, init) => {
    const headers = init?.headers as Record<string, string>;
    const form = new URLSearchParams(String(init?.body));
    let id: string | undefined;
    let secret: string | undefined;
    if (headers.authorization?.startsWith("Basic ")) {
      const decoded = atob(headers.authorization.slice(6));
      seen.push("basic");
      if (mode === "split") {
        const parts = decoded.split(":");
        if (parts.length === 2) [id, secret] = parts;
      } else {
        const at = decoded.indexOf(":");
        [id, secret] = [decoded.slice(0, at), decoded.slice(at + 1)];
        if (mode === "rfc") [id, secret] = [id, secret].map((p) => decodeURIComponent(p!.replace(/\+/g, " ")));
      }
    } else {
      seen.push("post");
      id = form.get("client_id") ?? undefined;
      secret = form.get("client_secret") ?? undefined;
    }
    if (id === clientId && accepted.includes(secret!)) return Response.json({ access_token: `tok-${seen.length}`, token_type: "Bearer", expires_in: 60 });
    return Response.json({ error: "invalid_client" }, { status: 401 });
  };
  return { fetch, seen, accept: (secrets: string[]) => accepted.splice(0, accepted.length, ...secrets) };
}

function client(fetch: typeof globalThis.fetch, extra: Partial<ClientOptions> = {}) {
  const events: OccEvent[] = [];
  let time = 1_800_000_000_000;
  const c = createClient({ tokenUrl: "https://as.example/token", clientId: ID, clientSecret: SECRET, retries: 0, fetch, now: () => time, onEvent: (e) => events.push(e), ...extra });
  return { c, events, advance: (ms: number) => (time += ms) };
}

describe("client_secret_basic that works on the servers people run", () => {
  it("an RFC server takes form-encoded Basic credentials at once", async () => {
    const s = server("rfc");
    await client(s.fetch).c.getToken();
    expect(s.seen).toEqual(["basic"]);
  });

  it.each(["raw", "split"] as const)("a %s server: one fallback to client_secret_post, remembered, with an event", async (mode) => {
    const s = server(mode);
    const { c, events, advance } = client(s.fetch);
    await c.getToken();
    expect(s.seen).toEqual(["basic", "post"]);
    expect(events.filter((e) => e.type === "credentials_switched")).toEqual([
      { type: "credentials_switched", key: expect.any(String), method: "client_secret_post", secretIndex: 0 },
    ]);
    advance(60_000);
    await c.getToken();
    expect(s.seen).toEqual(["basic", "post", "post"]);
  });

  it("a secret that form-encoding leaves as it is never falls back: its refusal is a wrong secret", async () => {
    const s = server("split", ["other"]);
    const { c } = client(s.fetch, { clientId: "plain", clientSecret: "plain-secret" });
    await expect(c.getToken()).rejects.toBeInstanceOf(OAuthError);
    expect(s.seen).toEqual(["basic"]);
  });

  it("a wrong secret costs at most one extra request for the client's lifetime", async () => {
    const s = server("split", ["not-ours"]);
    const { c, advance } = client(s.fetch);
    const error = (await c.getToken().catch((e: unknown) => e)) as OAuthError;
    expect(error.message).toContain("(client_secret_basic, client_secret_post)");
    for (let i = 0; i < 5; i++) {
      advance(120_000);
      await c.getToken().catch(() => {});
    }
    expect(s.seen.filter((m) => m === "post")).toHaveLength(1);
  });

  it("a named authMethod is strict: exactly that method, no fallback, and the error says why it may fail", async () => {
    const s = server("split");
    const { c } = client(s.fetch, { authMethod: "client_secret_basic" });
    const error = (await c.getToken().catch((e: unknown) => e)) as OAuthError;
    expect(error).toMatchObject({ error: "invalid_client" });
    expect(error.message).toContain("many servers do not decode");
    expect(s.seen).toEqual(["basic"]);
  });
});

describe("secret rotation", () => {
  it("a server that accepts only the second secret: token after one extra request, remembered; back to the first: recovers", async () => {
    const s = server("rfc", ["old-secret"], "svc-one");
    const { c, events, advance } = client(s.fetch, { clientId: "svc-one", clientSecret: ["new-secret", "old-secret"] });
    await c.getToken();
    expect(s.seen).toEqual(["basic", "basic"]);
    expect(events.find((e) => e.type === "credentials_switched")).toMatchObject({ secretIndex: 1 });
    advance(60_000);
    await c.getToken();
    expect(s.seen).toHaveLength(3);
    s.accept(["new-secret"]);
    advance(60_000);
    await c.getToken();
    expect(s.seen).toHaveLength(5);
    expect(events.filter((e) => e.type === "credentials_switched").at(-1)).toMatchObject({ secretIndex: 0 });
    expect(JSON.stringify(events)).not.toMatch(/new-secret|old-secret/);
  });

  it("rotation and the Basic fallback together try every secret with Basic first, then with post", async () => {
    const s = server("split", ["old:secret"]);
    const { c, events } = client(s.fetch, { clientSecret: ["new:secret", "old:secret"] });
    await c.getToken();
    expect(s.seen).toEqual(["basic", "basic", "post", "post"]);
    expect(events.find((e) => e.type === "credentials_switched")).toMatchObject({ secretIndex: 1, method: "client_secret_post" });
  });
});
