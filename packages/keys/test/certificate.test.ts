/** readCertificate against certificates made by openssl and read back by node:crypto's X509Certificate. */
import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { INVALID_KEY, OccError } from "@occ/core";
import { createTestPki, type TestPki } from "@occ/dev-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCertificate } from "../src/index.ts";

let dir: string;
let pki: TestPki;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "occ-keys-pki-"));
  pki = await createTestPki(dir);
}, 30_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

function thrown(fn: () => unknown): OccError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(OccError);
    return error as OccError;
  }
  throw new Error("nothing was thrown");
}

describe("readCertificate", () => {
  it.each(["client", "selfSigned", "server", "ca"] as const)("%s: subject, validity and x5t#S256 as node:crypto reads them", (name) => {
    const info = readCertificate(pki[name].cert);
    const x509 = new X509Certificate(pki[name].cert);
    expect(info.subject).toBe(x509.subject.split("\n").join(","));
    expect(info.notBefore.getTime()).toBe(new Date(x509.validFrom).getTime());
    expect(info.notAfter.getTime()).toBe(new Date(x509.validTo).getTime());
    expect(info.thumbprint).toBe(pki[name].thumbprint);
    expect(info.version).toBe(3);
  });

  it("a version 1 certificate (openssl x509 -req without extensions) reads as version 1", () => {
    execFileSync("openssl", ["req", "-new", "-key", "client-key.pem", "-subj", "/CN=v1", "-out", "v1.csr"], { cwd: dir });
    execFileSync("openssl", ["x509", "-req", "-in", "v1.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-days", "1", "-out", "v1.pem"], { cwd: dir, stdio: "ignore" });
    expect(readCertificate(readFileSync(join(dir, "v1.pem"), "utf8"))).toMatchObject({ subject: "CN=v1", version: 1 });
  });

  it("reads the leaf of a chain (the first block)", () => {
    expect(readCertificate(`${pki.client.cert}${pki.ca.cert}`).subject).toBe("CN=occ-mtls-client");
  });

  it("an expired certificate: OCC_INVALID_KEY naming it and when it expired (UTCTime)", () => {
    const error = thrown(() => readCertificate(pki.expired.cert, { label: "the client certificate (client.pem)" }));
    expect(error.code).toBe(INVALID_KEY);
    expect(error.message).toBe("the client certificate (client.pem) (CN=occ-mtls-expired) expired at 2021-01-01T00:00:00.000Z: renew it");
  });

  it("a certificate not valid yet: OCC_INVALID_KEY with its start (GeneralizedTime, after 2049)", () => {
    const error = thrown(() => readCertificate(pki.notYetValid.cert));
    expect(error.code).toBe(INVALID_KEY);
    expect(error.message).toMatch(/^the certificate \(CN=occ-mtls-not-yet-valid\) is not valid before 2099-01-01T00:00:00\.000Z/);
  });

  it("validity is judged at `now`", () => {
    expect(readCertificate(pki.expired.cert, { now: Date.UTC(2020, 5, 1) }).subject).toBe("CN=occ-mtls-expired");
    expect(() => readCertificate(pki.client.cert, { now: Date.UTC(2000, 0, 1) })).toThrow(/is not valid before/);
  });

  it.each([
    ["a private key", () => pki.client.key, /is not a PEM certificate/],
    ["empty text", () => "", /is not a PEM certificate/],
    ["a truncated block", () => pki.client.cert.slice(0, 200), /is not a PEM certificate/],
    ["a body that is not base64", () => "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----", /is not a valid X\.509 certificate/],
    ["a body that is not a certificate", () => pki.client.key.replace(/PRIVATE KEY/g, "CERTIFICATE"), /is not a valid X\.509 certificate/],
    ["a cut-down certificate", () => `-----BEGIN CERTIFICATE-----\n${pki.client.cert.split("\n").slice(1, 4).join("")}\n-----END CERTIFICATE-----`, /is not a valid X\.509 certificate/],
  ])("%s: OCC_INVALID_KEY without any of the input", (_case, input, message) => {
    const text = input();
    const error = thrown(() => readCertificate(text));
    expect(error.code).toBe(INVALID_KEY);
    expect(error.message).toMatch(message);
    const body = text.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
    for (let i = 0; i + 12 <= body.length; i += 12) expect(error.message).not.toContain(body.slice(i, i + 12));
  });
});
