// Serves the Hono app on Bun (`bun src/bun.ts`); the app reads its configuration from process.env through env(c).
import { app } from "./app.ts";

// The little of the runtime used here: the repository type-checks with @types/node; your project has bun-types.
declare const Bun: { env: Record<string, string | undefined>; serve(options: { hostname: string; port: number; fetch: typeof app.fetch }): { url: URL } };

const server = Bun.serve({ hostname: "127.0.0.1", port: Number(Bun.env.PORT ?? 3000), fetch: app.fetch });
console.log(`Listening on ${server.url.origin}/`);
