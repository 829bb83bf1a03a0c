// `node serve-node.ts <module>`: serves the module's default export with @hono/node-server on a free loopback port.
import { pathToFileURL } from "node:url";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";

const app = ((await import(pathToFileURL(process.argv[2]!).href)) as { default: Hono }).default;
serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => console.log(`listening http://127.0.0.1:${info.port}`));
