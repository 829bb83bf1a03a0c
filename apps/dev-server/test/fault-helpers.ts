import { afterAll, beforeAll } from "vitest";
import { startFaultServer } from "../src/index.ts";
import type { FaultServer } from "../src/index.ts";

/** A fault server for the test file, started before its tests and closed after them. */
export function useFaultServer(): { server: () => FaultServer; post: (path: string, init?: RequestInit) => Promise<Response> } {
  let fault: FaultServer | undefined;
  beforeAll(async () => {
    fault = await startFaultServer();
  });
  afterAll(async () => {
    await fault?.close();
  });
  const server = () => {
    if (!fault) throw new Error("the fault server is not started");
    return fault;
  };
  /** A token request as clients send it: form body, redirects not followed. */
  const post = (path: string, init: RequestInit = {}) =>
    fetch(`${server().url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
      redirect: "manual",
      ...init,
    });
  return { server, post };
}

let seq = 0;
/** A fresh test id. */
export const uid = () => `t${++seq}-${Math.random().toString(36).slice(2, 8)}`;
