/**
 * What must hold for every generated response, whatever it is: a failure is an OccError with a stable code; a
 * token returned is header-safe with a finite, sane lifetime; nothing invalid or unsafe is cached or stored;
 * nothing hangs; no secret in any output. `occ` is the module under test (the sources, or the built package).
 */
import { inspect } from "node:util";
import type * as Occ from "../src/index.ts";
import { FUZZ_SECRET, type FuzzCase } from "./generate.ts";

const lower = (text: string) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
const FORMS = [FUZZ_SECRET, encodeURIComponent(FUZZ_SECRET), new URLSearchParams({ s: FUZZ_SECRET }).toString().slice(2)].flatMap((f) => [f, lower(f)]);
const HEADER_SAFE = /^[\x21-\x7E](?:[\x20-\x7E]*[\x21-\x7E])?$/;
const DAY_MS = 86_400_000;
/** Longer than any case may take: the client's timeout is 50 ms and there are no retries. */
const HANG_MS = 2_000;

const leaks = (text: string) => FORMS.some((form) => text.includes(form));

/** Runs one case; resolves to a description of what was violated, or undefined. */
export async function violation(occ: typeof Occ, fuzz: FuzzCase, codes: ReadonlySet<string>): Promise<string | undefined> {
  const events: unknown[] = [];
  const stored: unknown[] = [];
  const inner = occ.memoryStore();
  const store = occ.defineStore({ get: (k) => inner.get(k), delete: (k) => inner.delete(k), set: (k, v, t) => (stored.push(v), inner.set(k, v, t)) });
  const now = 1_800_000_000_000;
  const client = occ.createClient({
    tokenUrl: "https://as.example/token",
    clientId: "fuzz",
    clientSecret: FUZZ_SECRET,
    authMethod: "client_secret_post",
    retries: 0,
    timeout: 50,
    fetch: fuzz.fetch,
    store,
    now: () => now,
    onEvent: (event) => events.push(event),
    waitUntil: () => {},
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<"hang">((resolve) => (timer = setTimeout(() => resolve("hang"), HANG_MS)));
  const outcome = await Promise.race([client.getToken().then((token) => ({ token }), (error: unknown) => ({ error })), hang]);
  clearTimeout(timer);
  if (outcome === "hang") return "getToken did not settle";
  await new Promise((resolve) => setImmediate(resolve));
  if ("token" in outcome) {
    const { accessToken, tokenType, expiresAt } = outcome.token;
    if (!HEADER_SAFE.test(accessToken)) return `returned a header-unsafe token ${JSON.stringify(accessToken.slice(0, 40))}`;
    if (tokenType !== "Bearer") return `returned token type ${JSON.stringify(tokenType)}`;
    if (!(expiresAt > now && expiresAt <= now + DAY_MS)) return `returned expiresAt ${expiresAt}`;
  } else {
    const error = outcome.error as Occ.OccError;
    if (!(error instanceof occ.OccError)) return `threw a non-OccError: ${String(error)}`;
    if (!codes.has(error.code)) return `unknown code ${error.code}`;
    const text = [error.message, String(error.stack), inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error)].join("\n");
    if (leaks(text)) return `the secret in an error: ${error.message}`;
  }
  for (const value of stored) {
    const json = JSON.stringify(value);
    if (JSON.stringify(JSON.parse(json)) !== json || leaks(json)) return `stored ${json.slice(0, 200)}`;
    const token = value as { accessToken?: unknown; expiresAt?: unknown };
    if (token.accessToken !== undefined && !(typeof token.accessToken === "string" && HEADER_SAFE.test(token.accessToken))) return `stored an unsafe token`;
  }
  if (leaks(inspect(events, { depth: 10 }))) return "the secret in an event";
  return undefined;
}

/** Runs `count` cases from `firstSeed`, `parallel` at a time; resolves to the failures (seed and what). */
export async function fuzz(occ: typeof Occ, firstSeed: number, count: number, generate: (seed: number) => FuzzCase, parallel = 64) {
  const codes = new Set(Object.values(occ).filter((value): value is string => typeof value === "string" && value.startsWith("OCC_")));
  const failures: { seed: number; problem: string }[] = [];
  let next = firstSeed;
  const end = firstSeed + count;
  const worker = async () => {
    while (next < end) {
      const seed = next++;
      const problem = await violation(occ, generate(seed), codes);
      if (problem !== undefined) failures.push({ seed, problem });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return failures;
}
