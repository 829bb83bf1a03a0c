import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { expect, it } from "vitest";
import { demoClients } from "../src/index.ts";
import { basicHeader, jwtPayload, tokenRequest } from "./helpers.ts";

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));

it("--json prints one ready line with working URLs and stops on SIGTERM", async () => {
  const child = spawn(process.execPath, [cli, "--json", "--fault", "--ttl", "7"], {
    env: { ...process.env, AUTH_PORT: "0", API_PORT: "0", FAULT_PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    const lines = createInterface({ input: child.stdout! });
    const [line] = (await once(lines, "line")) as [string];
    const info = JSON.parse(line);
    expect(info).toMatchObject({ ready: true, demoOnly: true, accessTokenTtl: 7, clients: demoClients });
    const c = demoClients.basic;
    const res = await tokenRequest(info.tokenUrl, {}, { authorization: basicHeader(c.clientId, c.clientSecret) });
    expect(res.status).toBe(200);
    expect(jwtPayload(res.body.access_token).aud).toBe(info.audience);
    const data = await fetch(`${info.apiUrl}/data`, { headers: { authorization: `Bearer ${res.body.access_token}` } });
    expect(data.status).toBe(200);
    expect((await fetch(`${info.faultUrl}/ok/cli`, { method: "POST" })).status).toBe(200);
  } finally {
    child.kill("SIGTERM");
  }
  const [code] = await once(child, "exit");
  expect(code).toBe(0);
}, 20_000);

it("public client (auth method none) gets a token with only client_id", async () => {
  const { startAuthServer } = await import("../src/index.ts");
  const auth = await startAuthServer();
  try {
    const res = await tokenRequest(auth.tokenUrl, { client_id: demoClients.public.clientId });
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe("read:data");
  } finally {
    await auth.close();
  }
});

it("the banner shows each demo secret as it is and does not ask users to encode it (occ does)", async () => {
  const child = spawn(process.execPath, [cli], {
    env: { ...process.env, AUTH_PORT: "0", API_PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let banner = "";
  try {
    for await (const line of createInterface({ input: child.stdout! })) {
      banner += `${line}\n`;
      if (line.includes("Ctrl-C to stop")) break;
    }
  } finally {
    child.kill("SIGTERM");
  }
  await once(child, "exit");
  expect(banner).toContain(`secret=${JSON.stringify(demoClients.basic.clientSecret)}`);
  expect(banner).toMatch(/never encode it yourself/);
  expect(banner).not.toMatch(/form-urlencode them/);
}, 20_000);
