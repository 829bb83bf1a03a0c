import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { type Context, Hono } from "hono";
import { describe, expect, inject, it } from "vitest";
import { type ClientCredentialsSettings, clientCredentials, type Env, type HonoClientOptions } from "../../src/index.ts";

type Bindings = { TOKEN_URL: string; CLIENT_ID: string; CLIENT_SECRET: string };
const bindings = env as unknown as Bindings;
const faultUrl = inject("faultUrl");
const apiUrl = inject("apiUrl");

type WorkerEnv = { Bindings: Bindings };

function app(options: HonoClientOptions | ((c: Context<WorkerEnv>) => HonoClientOptions), settings?: ClientCredentialsSettings<WorkerEnv>) {
  return new Hono<{ Bindings: Bindings } & Env>()
    .use(clientCredentials<WorkerEnv>(options, settings))
    .get("/data", async (c) => {
      const res = await c.var.occ.fetch(`${apiUrl}/data`);
      return c.json((await res.json()) as object, res.status as 200);
    })
    .get("/token", async (c) => c.json({ token: (await c.var.occ.getToken()).accessToken }))
    .get("/echo", async (c) => c.json(await (await c.var.occ.fetch(`${faultUrl}/api-echo/${crypto.randomUUID()}`)).json()));
}

/** An ExecutionContext that records what is handed to waitUntil and still lets workerd keep it alive. */
function recordingContext() {
  const ctx = createExecutionContext();
  const kept: Promise<unknown>[] = [];
  const recording = {
    waitUntil: (promise: Promise<unknown>) => {
      kept.push(promise);
      ctx.waitUntil(promise);
    },
    passThroughOnException: () => ctx.passThroughOnException(),
    props: {},
  };
  return { ctx, recording, kept };
}

async function count(scenario: string, id: string): Promise<number> {
  return ((await (await fetch(`${faultUrl}/__count/${scenario}/${id}`)).json()) as { count: number }).count;
}

async function tokenOf(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

const SECRET = "workerd-secret s3cr+t/:%&=";

describe("inside workerd", () => {
  it("builds the client from c.env bindings and calls the protected API", async () => {
    const worker = app((c) => ({ tokenUrl: c.env.TOKEN_URL, clientId: c.env.CLIENT_ID, clientSecret: c.env.CLIENT_SECRET }));
    for (let i = 0; i < 2; i++) {
      const ctx = createExecutionContext();
      const res = await worker.request("/data", {}, bindings, ctx);
      await waitOnExecutionContext(ctx);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, client_id: bindings.CLIENT_ID });
    }
  });

  it("sends one token request for two requests", async () => {
    const id = crypto.randomUUID();
    const worker = app({ tokenUrl: `${faultUrl}/ok/${id}`, clientId: "id", clientSecret: SECRET });
    const first = await tokenOf(await worker.request("/token", {}, bindings, createExecutionContext()));
    const second = await tokenOf(await worker.request("/token", {}, bindings, createExecutionContext()));
    expect(second).toBe(first);
    expect(await count("ok", id)).toBe(1);
  });

  it("answers 502 for a refusal and 503 for a 5xx or a timeout, without the secret", async () => {
    const refused = app({ tokenUrl: `${faultUrl}/oauth-error/${crypto.randomUUID()}`, clientId: "id", clientSecret: SECRET });
    const failing = app({ tokenUrl: `${faultUrl}/fail-then-ok/${crypto.randomUUID()}?n=9`, clientId: "id", clientSecret: SECRET, retries: 0 });
    // A hanging endpoint rather than a closed port: workerd logs every refused connection as an uncaught error.
    const hanging = app({ tokenUrl: `${faultUrl}/hang/${crypto.randomUUID()}`, clientId: "id", clientSecret: SECRET, retries: 0, timeout: 100 });
    for (const [worker, status] of [[refused, 502], [failing, 503], [hanging, 503]] as const) {
      const res = await worker.request("/token", {}, bindings, createExecutionContext());
      expect(res.status).toBe(status);
      const body = await res.text();
      expect(body).not.toContain("workerd-secret");
      expect(JSON.parse(body)).toHaveProperty("error");
    }
  });

  it("lets onError answer instead", async () => {
    const worker = app(
      { tokenUrl: `${faultUrl}/oauth-error/${crypto.randomUUID()}`, clientId: "id", clientSecret: SECRET },
      { onError: (err, c) => c.json({ mine: err.code }, 401) },
    );
    const res = await worker.request("/token", {}, bindings, createExecutionContext());
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ mine: "OCC_OAUTH_ERROR" });
  });

  it("refreshes ahead of expiry through the waitUntil of the request that noticed", async () => {
    const id = crypto.randomUUID();
    let offset = 0;
    const worker = app({
      tokenUrl: `${faultUrl}/ok/${id}?ttl=300`,
      clientId: "id",
      clientSecret: SECRET,
      refreshSkew: 60,
      now: () => Date.now() + offset,
    });

    const a = recordingContext();
    expect(await tokenOf(await worker.request("/token", {}, bindings, a.recording))).toBe("tok-1");
    await waitOnExecutionContext(a.ctx);

    offset = 250_000; // inside the last 60 s of the token's 300 s
    // Through c.var.occ.fetch this time: the authenticated fetch takes the same refresh-ahead path.
    const b = recordingContext();
    const echoed = await worker.request("/echo", {}, bindings, b.recording);
    expect(await echoed.json()).toMatchObject({ auth: "Bearer tok-1" });
    expect(b.kept).toHaveLength(1);
    expect(a.kept).toHaveLength(0);
    await waitOnExecutionContext(b.ctx);
    expect(await count("ok", id)).toBe(2);

    const c = recordingContext();
    expect(await tokenOf(await worker.request("/token", {}, bindings, c.recording))).toBe("tok-2");
    expect(c.kept).toHaveLength(0);
    expect(await count("ok", id)).toBe(2);
  });
});
