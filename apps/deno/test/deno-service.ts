import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ListeningProcess, startListeningProcess } from "@occ/dev-server/listening-process";

const appDir = fileURLToPath(new URL("..", import.meta.url));
// The binary the `deno` npm package installs beside its launcher, spawned directly: the launcher (bin.cjs) runs it
// with spawnSync, so stopping the launcher would leave Deno running.
const denoBinary = join(dirname(createRequire(import.meta.url).resolve("deno/bin.cjs")), process.platform === "win32" ? "deno.exe" : "deno");

/** The service running in a real `deno` process, and what it printed. */
export type DenoService = ListeningProcess;

/** Starts `src/main.ts` exactly as `pnpm start` does, on a free port, with `env` as its whole environment. */
export function startDenoService(env: Record<string, string>): Promise<DenoService> {
  const args = ["run", "--allow-net", "--allow-env=OAUTH_*,API_URL,PORT,KV_PATH", "--allow-read", "--allow-write", "src/main.ts"];
  return startListeningProcess(denoBinary, args, { cwd: appDir, env: { PORT: "0", ...env }, listening: /Listening on (http:\/\/\S+?)\/?$/m, name: "deno" });
}
