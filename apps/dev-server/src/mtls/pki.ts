/**
 * Certificates for mutual-TLS tests (RFC 8705), made with the `openssl` command line (Debian: `apt-get install -y
 * openssl`): a test CA, a server certificate for 127.0.0.1, client certificates signed by the CA, a self-signed one,
 * and CA-signed ones that have expired or are not valid yet. EC P-256 keys, X.509 v3 (rustls, in Deno, refuses v1).
 * DEMO ONLY: the keys are written unencrypted to `dir`.
 */
import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import type { PublicJwk } from "../clients.ts";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { certificateThumbprint, subjectDn } from "./certificate.ts";

const run = promisify(execFile);

/** One certificate with its key: PEM text, the files they are in, and what a server checks. */
export interface TestCertificate {
  cert: string;
  key: string;
  certPath: string;
  keyPath: string;
  /** `CN=…`, as `tls_client_auth_subject_dn` registers it. */
  subjectDn: string;
  /** The certificate's `x5t#S256`: base64url SHA-256 of its DER. */
  thumbprint: string;
  /** Its public key as a JWK with the certificate in `x5c`: what a `self_signed_tls_client_auth` client registers. */
  jwk: PublicJwk & { x5c: string[] };
}

/** Everything a mutual-TLS test needs. */
export interface TestPki {
  /** The CA that signed the server certificate and the CA-signed client certificates. */
  ca: TestCertificate;
  /** For the servers: 127.0.0.1 and localhost. */
  server: TestCertificate;
  /** CA-signed client certificates. */
  client: TestCertificate;
  other: TestCertificate;
  /** Not signed by any CA: for `self_signed_tls_client_auth`. */
  selfSigned: TestCertificate;
  /** CA-signed, valid from 2020-01-01 to 2021-01-01. */
  expired: TestCertificate;
  /** CA-signed, valid from 2099-01-01 to 2100-01-01. */
  notYetValid: TestCertificate;
}

const CLIENT_EXTENSIONS = "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n";
const SERVER_EXTENSIONS = "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n";
const EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];

async function openssl(dir: string, args: string[]): Promise<void> {
  try {
    await run("openssl", args, { cwd: dir });
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: string };
    if (code === "ENOENT") throw new Error("openssl is not installed: apt-get install -y openssl");
    throw new Error(`openssl ${args[0]} failed: ${stderr ?? error}`);
  }
}

async function described(dir: string, name: string): Promise<TestCertificate> {
  const certPath = join(dir, `${name}.pem`);
  const keyPath = join(dir, `${name}-key.pem`);
  const [cert, key] = await Promise.all([readFile(certPath, "utf8"), readFile(keyPath, "utf8")]);
  const x509 = new X509Certificate(cert);
  const jwk = { ...x509.publicKey.export({ format: "jwk" }), x5c: [x509.raw.toString("base64")] };
  return { cert, key, certPath, keyPath, subjectDn: subjectDn(x509), thumbprint: certificateThumbprint(x509), jwk };
}

/** A key and a CSR, then the certificate: signed by the CA for `days`, or between two dates (`openssl ca`). */
async function issue(dir: string, name: string, extensions: string, validity: { days: number } | { from: string; to: string }): Promise<TestCertificate> {
  await openssl(dir, ["req", "-new", ...EC, "-keyout", `${name}-key.pem`, "-subj", `/CN=occ-mtls-${name}`, "-out", `${name}.csr`]);
  await writeFile(join(dir, `${name}.ext`), extensions);
  if ("days" in validity) {
    await openssl(dir, ["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-days", String(validity.days), "-sha256", "-extfile", `${name}.ext`, "-out", `${name}.pem`]);
  } else {
    // `openssl x509` cannot backdate; `openssl ca` takes explicit dates, with a config and a database of its own.
    await writeFile(join(dir, `${name}.cnf`), `[ca]\ndefault_ca = test\n[test]\ndatabase = ${name}.index\nnew_certs_dir = .\nserial = ${name}.serial\ndefault_md = sha256\npolicy = any\nunique_subject = no\n[any]\ncommonName = supplied\n`);
    await writeFile(join(dir, `${name}.index`), "");
    await writeFile(join(dir, `${name}.serial`), "1000\n");
    await openssl(dir, ["ca", "-batch", "-config", `${name}.cnf`, "-cert", "ca.pem", "-keyfile", "ca-key.pem", "-in", `${name}.csr`, "-extfile", `${name}.ext`, "-startdate", validity.from, "-enddate", validity.to, "-notext", "-out", `${name}.pem`]);
  }
  return described(dir, name);
}

/** Makes the test certificates in `dir` (an empty folder the caller removes afterwards). Takes about a second. */
export async function createTestPki(dir: string): Promise<TestPki> {
  await openssl(dir, ["req", "-x509", ...EC, "-keyout", "ca-key.pem", "-subj", "/CN=occ test CA", "-days", "30", "-sha256", "-out", "ca.pem"]);
  await openssl(dir, ["req", "-x509", ...EC, "-keyout", "self-signed-key.pem", "-subj", "/CN=occ-mtls-self-signed", "-days", "30", "-sha256", "-addext", "extendedKeyUsage=clientAuth", "-out", "self-signed.pem"]);
  // One after another: the CA-signed ones share the CA's serial file.
  const ca = await described(dir, "ca");
  const selfSigned = await described(dir, "self-signed");
  const server = await issue(dir, "server", SERVER_EXTENSIONS, { days: 30 });
  const client = await issue(dir, "client", CLIENT_EXTENSIONS, { days: 30 });
  const other = await issue(dir, "other", CLIENT_EXTENSIONS, { days: 30 });
  const expired = await issue(dir, "expired", CLIENT_EXTENSIONS, { from: "20200101000000Z", to: "20210101000000Z" });
  const notYetValid = await issue(dir, "not-yet-valid", CLIENT_EXTENSIONS, { from: "20990101000000Z", to: "21000101000000Z" });
  return { ca, server, client, other, selfSigned, expired, notYetValid };
}
