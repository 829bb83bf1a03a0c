// `deno run … serve-deno.ts <module>`: serves the module's default export with Deno.serve on a free loopback port.
import type { Hono } from "hono";

declare const Deno: {
  args: string[];
  serve(options: { hostname: string; port: number; onListen(address: { port: number }): void }, handler: Hono["fetch"]): unknown;
};

const app = ((await import(new URL(`file://${Deno.args[0]!}`).href)) as { default: Hono }).default;
Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: ({ port }) => console.log(`listening http://127.0.0.1:${port}`) }, app.fetch);
