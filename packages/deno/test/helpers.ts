// Shared by the Deno suites; `test/run.ts` provides the OCC_TEST_* variables.

function required(name: string): string {
  const value = Deno.env.get(name);
  if (value === undefined) throw new Error(`${name} is not set: run the suites through test/run.ts`);
  return value;
}

/** The real oidc-provider started by the Node runner, and the `basic` demo client's credentials. */
export const server = {
  tokenUrl: required("OCC_TEST_TOKEN_URL"),
  issuer: required("OCC_TEST_ISSUER"),
  clientId: required("OCC_TEST_CLIENT_ID"),
  clientSecret: required("OCC_TEST_CLIENT_SECRET"),
};

/** The dev-server's fault server, for looking at the raw token request (`/__last/<scenario>/<id>`). */
export const faultUrl = required("OCC_TEST_FAULT_URL");

/** POSTs the authorization server's token endpoint has received since it started. */
export async function tokenRequests(): Promise<number> {
  const response = await fetch(required("OCC_TEST_COUNTER_URL"));
  const { count } = (await response.json()) as { count: number };
  return count;
}

/** Runs `fn` and returns how many token requests it caused, with its result. */
export async function countingTokenRequests<T>(fn: () => Promise<T>): Promise<{ requests: number; result: T }> {
  const before = await tokenRequests();
  const result = await fn();
  return { requests: (await tokenRequests()) - before, result };
}

/** A path for a new KV database inside the runner's temporary directory. */
export async function tempKvPath(): Promise<string> {
  const dir = await Deno.makeTempDir({ dir: required("OCC_TEST_TMP") });
  return `${dir}/kv.sqlite3`;
}

/** Opens a fresh KV database, runs `fn` with it and closes it whatever happens. */
export async function withKv<T>(fn: (kv: Deno.Kv, path: string) => Promise<T>): Promise<T> {
  const path = await tempKvPath();
  const kv = await Deno.openKv(path);
  try {
    return await fn(kv, path);
  } finally {
    kv.close();
  }
}

/** Sets (or, for `undefined`, removes) environment variables for the duration of `fn`, then restores them. */
export async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T | Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, Deno.env.get(name)]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) Deno.env.delete(name);
      else Deno.env.set(name, value);
    }
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

/** Every way a value can leak out of an object: message, stack, inspection and JSON. */
export function renderings(value: unknown): string {
  const parts = [Deno.inspect(value, { depth: 10, showHidden: true }), safeJson(value)];
  if (value instanceof Error) parts.push(value.message, value.stack ?? "", Deno.inspect(value.cause, { depth: 10 }));
  return parts.join("\n");
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}

/** Calls `fn` and returns what it threw; fails when it does not throw. */
export async function thrown(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error, nothing was thrown");
}

