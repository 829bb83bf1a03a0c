/** `occ doctor` against the local authorization server (oidc-provider), the fault server and an https server. */
import { type AuthServer, type FaultServer, startAuthServer, startFaultServer } from "@occ/dev-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPort, type CliRun, runCli } from "./run-cli.ts";
import { startTlsServer } from "./tls-server.ts";

let auth: AuthServer;
let faults: FaultServer;
beforeAll(async () => {
  [auth, faults] = await Promise.all([startAuthServer({ accessTokenTtl: 300 }), startFaultServer()]);
});
afterAll(async () => {
  await Promise.all([auth?.close(), faults?.close()]);
});

/** The report line of one check: [verdict, summary]. */
function line(run: CliRun, name: string): string {
  const found = run.stdout.split("\n").find((l) => l.slice(6).startsWith(name));
  if (found === undefined) throw new Error(`no ${name} line in:\n${run.stdout}`);
  return found;
}

/** The advice printed under a check. */
function advice(run: CliRun, name: string): string {
  const lines = run.stdout.split("\n");
  const next = lines[lines.indexOf(line(run, name)) + 1] ?? "";
  return next.trim().startsWith("→") ? next.trim().slice(2) : "";
}

const verdicts = (run: CliRun) => Object.fromEntries(JSON.parse(run.stdout).checks.map((c: { name: string; verdict: string }) => [c.name, c.verdict]));

describe("a healthy server", () => {
  it("passes every check with the token endpoint configured", async () => {
    const demo = auth.clients.basic;
    const run = await runCli(["doctor"], { OAUTH_TOKEN_URL: auth.tokenUrl, OAUTH_CLIENT_ID: demo.clientId, OAUTH_CLIENT_SECRET: demo.clientSecret });
    expect(run.code).toBe(0);
    expect(line(run, "configuration")).toMatch(/^ok {4}configuration\s+http:\/\/127\.0\.0\.1:\d+\/token, client occ:basic, client_secret_basic$/);
    expect(line(run, "reachability")).toMatch(/^ok .*port \d+ accepts connections/);
    expect(line(run, "TLS")).toMatch(/^skip .*http: on loopback/);
    expect(line(run, "client authentication")).toMatch(/^ok .*client_secret_basic \(form-encoded\): accepted.*you use client_secret_basic: fine/);
    expect(line(run, "token response")).toMatch(/^ok .*Bearer, expires in 5 min, JWT \(RS256\)$/);
    expect(line(run, "clock")).toMatch(/^ok .*within a second/);
    expect(line(run, "rate limit")).toMatch(/^ok .*no rate-limit or quota headers/);
    expect(run.stdout).toMatch(/\nall checks passed \(exit 0\)\n$/);
  });

  it("checks discovery from OAUTH_ISSUER: metadata, issuer match, advertised auth methods", async () => {
    const demo = auth.clients.post;
    const run = await runCli(["doctor", "--json"], {
      OAUTH_ISSUER: auth.issuer,
      OAUTH_CLIENT_ID: demo.clientId,
      OAUTH_CLIENT_SECRET: demo.clientSecret,
      OAUTH_AUTH_METHOD: "client_secret_post",
    });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.exitCode).toBe(0);
    const discovery = report.checks.find((c: { name: string }) => c.name === "discovery");
    expect(discovery.verdict).toBe("ok");
    expect(discovery.summary).toContain("/.well-known/oauth-authorization-server, issuer matches, token endpoint");
    expect(discovery.summary).toMatch(/auth methods .*client_secret_post/);
    expect(verdicts(run)["client authentication"]).toBe("ok");
  });

  it("fails discovery when OAUTH_ISSUER is not the issuer the metadata names", async () => {
    const demo = auth.clients.basic;
    const run = await runCli(["doctor"], { OAUTH_ISSUER: `${auth.issuer}/tenant`, OAUTH_CLIENT_ID: demo.clientId, OAUTH_CLIENT_SECRET: demo.clientSecret });
    expect(run.code).toBe(1);
    expect(line(run, "discovery")).toMatch(/^FAIL .*no metadata for .*\/tenant/);
  });
});

describe("credentials", () => {
  it("a wrong secret: refused every way, exit 1, never the secret", async () => {
    const secret = "N0t-the-Secret/at:all";
    const run = await runCli(["doctor"], { OAUTH_TOKEN_URL: auth.tokenUrl, OAUTH_CLIENT_ID: "occ-simple", OAUTH_CLIENT_SECRET: secret });
    expect(run.code).toBe(1);
    expect(line(run, "client authentication")).toMatch(/^FAIL .*refused the credentials every way occ can send them/);
    expect(advice(run, "client authentication")).toMatch(/client id or the secret is wrong/);
    expect(line(run, "token response")).toMatch(/^skip/);
    expect(run.stdout + run.stderr).not.toContain(secret);
  });

  // Fault scenario `basic-raw` (apps/dev-server/src/fault/client-auth.ts): a server that compares Basic
  // credentials without form-decoding them.
  it("a server that does not form-decode Basic credentials: explained; occ's default falls back to post, so a warning", async () => {
    const id = "cli-basic-raw";
    faults.setCredentials(id, { clientId: "reports", clientSecrets: ["pa:ss+word%2F"] });
    const run = await runCli(["doctor"], { OAUTH_TOKEN_URL: `${faults.url}/basic-raw/${id}`, OAUTH_CLIENT_ID: "reports", OAUTH_CLIENT_SECRET: "pa:ss+word%2F" });
    expect(run.code).toBe(0);
    const verdict = line(run, "client authentication");
    expect(verdict).toMatch(/^WARN .*client_secret_basic \(form-encoded\): 401 invalid_client; Basic with raw credentials: accepted; client_secret_post: accepted/);
    expect(verdict).toContain("your secret contains ':', '+' and '%', and this server does not form-decode Basic credentials");
    expect(verdict).toContain("occ falls back to client_secret_post, after one refused request per client");
    expect(advice(run, "client authentication")).toBe("Use client_secret_post: OAUTH_AUTH_METHOD=client_secret_post, or --auth-method client_secret_post. It saves that request.");
    expect(run.stdout).not.toContain("pa:ss+word");
  });

  it("the same server with client_secret_basic named: occ uses it strictly, so a failure", async () => {
    const id = "cli-basic-raw-strict";
    faults.setCredentials(id, { clientId: "reports", clientSecrets: ["pa:ss+word%2F"] });
    const run = await runCli(["doctor"], {
      OAUTH_TOKEN_URL: `${faults.url}/basic-raw/${id}`,
      OAUTH_CLIENT_ID: "reports",
      OAUTH_CLIENT_SECRET: "pa:ss+word%2F",
      OAUTH_AUTH_METHOD: "client_secret_basic",
    });
    expect(run.code).toBe(1);
    expect(line(run, "client authentication")).toMatch(/^FAIL .*this server does not form-decode Basic credentials.*which occ never sends$/);
    expect(advice(run, "client authentication")).toBe("Use client_secret_post: OAUTH_AUTH_METHOD=client_secret_post, or --auth-method client_secret_post.");
  });

  // Fault scenario `basic-split`: a server that splits Basic credentials at every ':'.
  it("a server that splits Basic credentials at every ':'", async () => {
    const id = "cli-basic-split";
    faults.setCredentials(id, { clientId: "reports", clientSecrets: ["pass:word"] });
    const run = await runCli(["doctor", "--json"], { OAUTH_TOKEN_URL: `${faults.url}/basic-split/${id}`, OAUTH_CLIENT_ID: "reports", OAUTH_CLIENT_SECRET: "pass:word" });
    expect(run.code).toBe(0);
    const auth = JSON.parse(run.stdout).checks.find((c: { name: string }) => c.name === "client authentication");
    expect(auth.verdict).toBe("warn");
    expect(auth.summary).toContain("your secret contains ':', and this server refuses the credentials in Basic whether form-encoded or raw");
    expect(auth.advice).toMatch(/^Use client_secret_post/);
  });

  // Fault scenario `secrets`: only the secrets registered for the id.
  it("a rotation the server has not caught up with: the previous secret works, a warning", async () => {
    const id = "cli-rotation";
    faults.setCredentials(id, { clientId: "reports", clientSecrets: ["old-secret-1"] });
    const env = { OAUTH_TOKEN_URL: `${faults.url}/secrets/${id}`, OAUTH_CLIENT_ID: "reports", OAUTH_CLIENT_SECRET: "new-secret-2" };
    const run = await runCli(["doctor"], { ...env, OAUTH_CLIENT_SECRET_PREVIOUS: "old-secret-1" });
    expect(run.code).toBe(0);
    expect(line(run, "configuration")).toContain("client_secret_basic, a new and a previous secret");
    expect(line(run, "client authentication")).toMatch(
      /^WARN .*client_secret_post: 401 invalid_client; client_secret_basic \(form-encoded\) with the previous secret: accepted — the server refused OAUTH_CLIENT_SECRET and accepted OAUTH_CLIENT_SECRET_PREVIOUS/,
    );
    expect(advice(run, "client authentication")).toMatch(/^Finish the rotation/);
    expect(line(run, "token response")).toMatch(/^ok /);
    const without = await runCli(["doctor"], env);
    expect(line(without, "client authentication")).toMatch(/^FAIL .*refused the credentials every way/);
  });

  it("says nothing is wrong when the configured client_secret_post works", async () => {
    const id = "cli-basic-raw-post";
    faults.setCredentials(id, { clientId: "reports", clientSecrets: ["pa:ss+word"] });
    const run = await runCli(["doctor", "--json"], {
      OAUTH_TOKEN_URL: `${faults.url}/basic-raw/${id}`,
      OAUTH_CLIENT_ID: "reports",
      OAUTH_CLIENT_SECRET: "pa:ss+word",
      OAUTH_AUTH_METHOD: "client_secret_post",
    });
    expect(run.code).toBe(0);
    expect(verdicts(run)["client authentication"]).toBe("ok");
  });
});

describe("the server's answers", () => {
  // Fault scenario `ok-date-skew` (apps/dev-server/src/fault/responses.ts): a Date header `seconds` off.
  it("a server clock 2 minutes ahead: a warning, exit 0", async () => {
    const run = await runCli(["doctor"], { OAUTH_TOKEN_URL: `${faults.url}/ok-date-skew/cli?seconds=120`, OAUTH_CLIENT_ID: "c", OAUTH_CLIENT_SECRET: "s" });
    expect(run.code).toBe(0);
    // Date has a one-second resolution
    expect(line(run, "clock")).toMatch(/^WARN .*the server's clock is (1 min 59 s|2 min|2 min 1 s) ahead of ours$/);
    expect(advice(run, "clock")).toMatch(/sync this machine with NTP/);
  });

  it("a server clock 10 minutes behind: a failure", async () => {
    const run = await runCli(["doctor", "--json"], { OAUTH_TOKEN_URL: `${faults.url}/ok-date-skew/cli-far?seconds=-600`, OAUTH_CLIENT_ID: "c", OAUTH_CLIENT_SECRET: "s" });
    expect(run.code).toBe(1);
    const clock = JSON.parse(run.stdout).checks.find((c: { name: string }) => c.name === "clock");
    expect(clock.verdict).toBe("fail");
    // Date has a one-second resolution
    expect(clock.summary).toMatch(/^the server's clock is (9 min 59 s|10 min|10 min 1 s) behind ours$/);
  });

  it("reads quota headers and warns when under a tenth is left", async () => {
    const run = await runCli(["doctor"], {
      OAUTH_TOKEN_URL: `${faults.url}/ok-quota/cli?style=auth0-client&style=ratelimit&limit=1000&remaining=42&reset=600`,
      OAUTH_CLIENT_ID: "c",
      OAUTH_CLIENT_SECRET: "s",
    });
    expect(run.code).toBe(0);
    expect(line(run, "rate limit")).toMatch(
      /^WARN .*auth0-client-quota-limit: 42 of 1000 left, resets in 10 min; ratelimit-remaining: 42 of 1000 left, resets in 10 min$/,
    );
  });

  it("reports an opaque token and its lifetime", async () => {
    const run = await runCli(["doctor", "--json"], { OAUTH_TOKEN_URL: `${faults.url}/ok/cli-opaque?ttl=7200`, OAUTH_CLIENT_ID: "c", OAUTH_CLIENT_SECRET: "s" });
    const response = JSON.parse(run.stdout).checks.find((c: { name: string }) => c.name === "token response");
    expect(response.summary).toMatch(/^Bearer, expires in 2 h, opaque token/);
  });
});

describe("the network", () => {
  it("nothing listening: exit 3, and the later checks are not run", async () => {
    const port = await closedPort();
    const run = await runCli(["doctor"], { OAUTH_TOKEN_URL: `http://127.0.0.1:${port}/token`, OAUTH_CLIENT_ID: "c", OAUTH_CLIENT_SECRET: "s" });
    expect(run.code).toBe(3);
    expect(line(run, "reachability")).toMatch(/^FAIL .*cannot connect to 127\.0\.0\.1 \(127\.0\.0\.1\) port \d+ \(ECONNREFUSED\)/);
    expect(advice(run, "reachability")).toMatch(/Nothing listens there/);
    expect(run.stdout).not.toContain("client authentication");
  });

  it("a host name that does not resolve: exit 3", async () => {
    const run = await runCli(["doctor"], { OAUTH_TOKEN_URL: "https://occ-doctor-test.invalid/token", OAUTH_CLIENT_ID: "c", OAUTH_CLIENT_SECRET: "s" });
    expect(run.code).toBe(3);
    expect(line(run, "reachability")).toMatch(/^FAIL .*occ-doctor-test\.invalid does not resolve \(ENOTFOUND\)/);
  });

  it("a self-signed certificate: explained, exit 3; trusted through NODE_EXTRA_CA_CERTS it passes", async () => {
    const tls = await startTlsServer("IP:127.0.0.1");
    try {
      const env = { OAUTH_TOKEN_URL: tls.url, OAUTH_CLIENT_ID: "c", OAUTH_CLIENT_SECRET: "s" };
      const untrusted = await runCli(["doctor"], env);
      expect(untrusted.code).toBe(3);
      expect(line(untrusted, "TLS")).toMatch(/^FAIL .*the certificate is self-signed/);
      expect(advice(untrusted, "TLS")).toMatch(/NODE_EXTRA_CA_CERTS=.*never NODE_TLS_REJECT_UNAUTHORIZED=0/);
      const trusted = await runCli(["doctor"], { ...env, NODE_EXTRA_CA_CERTS: tls.certPath });
      expect(line(trusted, "TLS")).toMatch(/^ok .*TLSv1\.3, certificate valid for 127\.0\.0\.1 until/);
      expect(line(trusted, "client authentication")).toMatch(/^ok /);
      expect(trusted.code).toBe(0);
    } finally {
      await tls.close();
    }
  });

  it("a certificate that expires within 14 days: a warning", async () => {
    const tls = await startTlsServer("IP:127.0.0.1", 3);
    try {
      const run = await runCli(["doctor"], { OAUTH_TOKEN_URL: tls.url, OAUTH_CLIENT_ID: "c", OAUTH_CLIENT_SECRET: "s", NODE_EXTRA_CA_CERTS: tls.certPath });
      expect(line(run, "TLS")).toMatch(/^WARN .*certificate valid for 127\.0\.0\.1 until/);
      expect(advice(run, "TLS")).toBe("The certificate expires within 14 days: the server must renew it.");
      expect(run.code).toBe(0);
    } finally {
      await tls.close();
    }
  });

  it("a certificate for another name: says which names it is for", async () => {
    const tls = await startTlsServer("DNS:auth.internal.example");
    try {
      const run = await runCli(["doctor"], { OAUTH_TOKEN_URL: tls.url, OAUTH_CLIENT_ID: "c", OAUTH_CLIENT_SECRET: "s", NODE_EXTRA_CA_CERTS: tls.certPath });
      expect(run.code).toBe(3);
      expect(line(run, "TLS")).toMatch(/^FAIL .*the certificate is for DNS:auth\.internal\.example, not 127\.0\.0\.1/);
    } finally {
      await tls.close();
    }
  });
});

describe("configuration", () => {
  it("missing variables: exit 2 before any request", async () => {
    const run = await runCli(["doctor"], { OAUTH_TOKEN_URL: auth.tokenUrl });
    expect(run.code).toBe(2);
    expect(line(run, "configuration")).toMatch(/^FAIL .*missing OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET/);
    expect(run.stdout).not.toContain("reachability");
  });

  it("a secret with a trailing newline: a warning", async () => {
    const demo = auth.clients.simple;
    const run = await runCli(["doctor"], { OAUTH_TOKEN_URL: auth.tokenUrl, OAUTH_CLIENT_ID: demo.clientId, OAUTH_CLIENT_SECRET: `${demo.clientSecret}\n` });
    expect(line(run, "configuration")).toMatch(/^WARN .*the secret begins or ends with whitespace/);
    expect(run.code).toBe(1);
  });
});
