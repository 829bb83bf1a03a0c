import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, inject } from "vitest";

/** The vars and secrets vitest.config.ts gives the Worker. */
export type Bindings = { OAUTH_TOKEN_URL: string; OAUTH_CLIENT_ID: string; OAUTH_CLIENT_SECRET: string; OAUTH_SCOPE: string; API_URL: string };
export const bindings = env as unknown as Bindings;
export const faultUrl = inject("faultUrl");

/** Token requests the authorization server (in Node) received so far. */
export async function tokenRequests(): Promise<number> {
  return ((await (await fetch(inject("tokenRequestsUrl"))).json()) as { count: number }).count;
}

/** Requests a fault-server scenario received for `id`. */
export async function faultCount(scenario: string, id: string): Promise<number> {
  return ((await (await fetch(`${faultUrl}/__count/${scenario}/${id}`)).json()) as { count: number }).count;
}

export async function tokenOf(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

/** An ExecutionContext that records what is handed to waitUntil and still lets workerd keep it alive. */
export function recordingContext() {
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
