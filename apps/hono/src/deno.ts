// Serves the Hono app on Deno (`deno run --allow-net --allow-env src/deno.ts`); the app reads its configuration from
// Deno.env through env(c), which needs --allow-env.
import { app } from "./app.ts";

// The little of the runtime used here: the repository type-checks with @types/node; your project has Deno's own types.
declare const Deno: {
  env: { get(name: string): string | undefined };
  serve(options: { hostname: string; port: number; onListen(address: { port: number }): void }, handler: typeof app.fetch): unknown;
};

const port = Number(Deno.env.get("PORT") ?? 3000);
Deno.serve({ hostname: "127.0.0.1", port, onListen: ({ port }) => console.log(`Listening on http://127.0.0.1:${port}/`) }, app.fetch);
