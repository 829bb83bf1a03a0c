import { JSON_TYPE, intParam, json } from "./http.ts";
import type { FaultRequest, ScenarioHandler } from "./http.ts";

const OVERSIZED_BYTES = 2 * 1024 * 1024;

/** Streams a JSON token response of over 2 MiB, respecting backpressure. */
function oversized({ res }: FaultRequest): void {
  res.writeHead(200, { "content-type": JSON_TYPE, "cache-control": "no-store" });
  const chunk = Buffer.alloc(64 * 1024, "a");
  let sent = 0;
  res.write('{"access_token":"');
  const pump = (): void => {
    while (sent < OVERSIZED_BYTES) {
      sent += chunk.length;
      if (!res.write(chunk)) {
        res.once("drain", pump);
        return;
      }
    }
    res.end('","token_type":"Bearer","expires_in":3600}');
  };
  res.on("close", () => res.off("drain", pump));
  pump();
}

/** Sends 200 and the start of a token response, then one more byte every `?ms=` (default 50) until the client leaves. */
function trickle(r: FaultRequest): void {
  const { res } = r;
  res.writeHead(200, { "content-type": JSON_TYPE, "cache-control": "no-store" });
  res.write('{"access_token":"');
  const interval = Math.max(1, intParam(r.query, "ms", 50));
  const next = (): void => {
    if (res.destroyed || res.writableEnded) return;
    res.write("a");
    r.later(interval, next);
  };
  r.later(interval, next);
}

/** Responses that never complete, or are not where the client asked. */
export const streamScenarios = {
  hang: () => undefined, // never answer: no status line, no headers; close() destroys the socket
  "body-trickle": trickle,
  oversized,
  redirect: (r) => {
    const id = r.id.split("/").map(encodeURIComponent).join("/");
    json(r.res, 302, { redirect: true }, { location: `/ok/${id}${new URL(r.req.url ?? "/", r.origin).search}` });
  },
} satisfies Record<string, ScenarioHandler>;
