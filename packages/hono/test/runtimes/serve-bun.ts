// `bun serve-bun.ts <module>`: serves the module's default export with Bun.serve on a free loopback port.
import type { Hono } from "hono";

declare const Bun: {
  argv: string[];
  serve(options: { hostname: string; port: number; fetch: Hono["fetch"] }): { url: URL };
};

const app = ((await import(Bun.argv[2]!)) as { default: Hono }).default;
const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: app.fetch });
console.log(`listening ${server.url.origin}`);
