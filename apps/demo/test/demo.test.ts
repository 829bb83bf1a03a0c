// Runs the demo as `pnpm demo` does and checks that it passes and tells the story it promises.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));

it("runs every example against the local servers, exits 0 and says what happened", async () => {
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [main], { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" } }, (error, out, err) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out, stderr: err }),
    );
  });

  expect(stderr).toBe("");
  expect(code).toBe(0);
  expect(stdout).not.toContain("✗");
  for (const line of [
    "1. Node.js job",
    "✓ token fetched once: 1 request to the token endpoint",
    "✓ served from cache 4 times (token_cached source=memory)",
    "2. Cloudflare Worker",
    "✓ a new isolate took the token from the OAUTH_TOKENS KV namespace: 0 token requests",
    "3. Deno service",
    "✓ after a restart the token came from Deno KV: 0 token requests",
    "4. Hono app",
    "5. Background refresh before expiry",
    "[occ] token_fetched background=true",
    "6. No secret: a signed client assertion",
    "✓ the server verified the assertion against the registered public key: token for occ:demo-key, API answered 200",
    "✓ a key the server does not know is refused:",
    "✓ no private key material in any output",
    "7. Wrong secret",
    "error: OAuthError invalid_client (HTTP 401)",
    "✓ Worker answers 502",
    "✓ the secret appears nowhere",
    "All checks passed",
  ]) {
    expect(stdout).toContain(line);
  }
  expect(stdout).not.toContain("s3cr+t");
});
