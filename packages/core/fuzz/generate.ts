/**
 * Generated token responses, from a seeded PRNG so that a failing case can be replayed by its seed: status,
 * headers, content type, body shape and encoding, field types and sizes, chunked delivery, and the odd hostile
 * case (a body that never ends, a fetch that returns something that is not a Response, a header-unsafe token).
 */

/** Mulberry32: small, fast, and good enough to spread cases. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** The secret every generated client uses; a response may echo it, and it must never come out. */
export const FUZZ_SECRET = "fuzz-s3cr3t+/:%&=~ ü";

const TOKENS = [
  "abc",
  "eyJhbGciOiJub25lIn0.eyJleHAiOjQxMDI0NDQ4MDB9.sig",
  "eyJhbGciOiJub25lIn0.eyJleHAiOjF9.sig",
  "tok\r\nX-Injected: 1",
  "tok\u0000nul",
  "tok\uFFFDbad",
  " padded ",
  "tab\t",
  "é",
  "",
  "x".repeat(5000),
  FUZZ_SECRET,
];
const TYPES = ["Bearer", "bearer", "BEARER", "mac", "N_A", "DPoP", "", " Bearer", "Bearer\r\n"];
const EXPIRES = [3600, "3600", 1e308, "1e308", -1, 0, 0.5, Number.MAX_SAFE_INTEGER, "soon", null, true, [], 60, 1e-9];
const CONTENT_TYPES = ["application/json", "application/json; charset=utf-8", "application/jwt+json", "text/plain", "text/html", "", "application/json; x=" + FUZZ_SECRET];
const STATUSES = [200, 200, 200, 201, 204, 301, 302, 400, 401, 403, 404, 408, 429, 500, 502, 503];
const RETRY_AFTER = [null, "1", "0", "1.5", "-5", "+5", "5, 6", "Wed, 21 Oct 2015 07:28:00 GMT", "3600"];

/** A JSON value of a random type, sometimes huge or nested. */
function anyValue(random: Random, depth = 0): unknown {
  switch (Math.floor(random() * 9)) {
    case 0: return pick(random, TOKENS);
    case 1: return Math.floor(random() * 1e6) - 5e5;
    case 2: return random() < 0.5;
    case 3: return null;
    case 4: return depth < 2 ? [anyValue(random, depth + 1)] : [];
    case 5: return depth < 2 ? { nested: anyValue(random, depth + 1) } : {};
    case 6: return random() * 1e308;
    case 7: return "s".repeat(Math.floor(random() * 200));
    default: return FUZZ_SECRET;
  }
}

function tokenBody(random: Random): unknown {
  const shape = random();
  if (shape < 0.05) return [1, 2];
  if (shape < 0.1) return anyValue(random);
  if (shape < 0.2) return { error: pick(random, ["invalid_client", "invalid_scope", "", 42]), error_description: pick(random, [FUZZ_SECRET, "bad", 7]) };
  const body: Record<string, unknown> = {};
  if (random() < 0.9) body.access_token = random() < 0.7 ? pick(random, TOKENS.slice(0, 3)) : random() < 0.8 ? pick(random, TOKENS) : anyValue(random);
  if (random() < 0.9) body.token_type = random() < 0.7 ? pick(random, TYPES.slice(0, 3)) : random() < 0.8 ? pick(random, TYPES) : anyValue(random);
  if (random() < 0.8) body.expires_in = pick(random, EXPIRES);
  if (random() < 0.3) body.scope = random() < 0.7 ? "read write" : anyValue(random);
  if (random() < 0.1) body.extra = anyValue(random);
  return body;
}

/** The bytes of a body: valid JSON, JSON with invalid UTF-8 or truncation, or not JSON at all. */
function bodyBytes(random: Random, status: number): Uint8Array {
  const text = JSON.stringify(status >= 200 && status < 300 ? tokenBody(random) : random() < 0.7 ? tokenBody(random) : anyValue(random)) ?? "";
  let bytes = new TextEncoder().encode(text);
  const damage = random();
  if (damage < 0.03) bytes = new Uint8Array([...bytes.slice(0, bytes.length / 2), 0xff, 0xfe, ...bytes.slice(bytes.length / 2)]);
  else if (damage < 0.06) bytes = bytes.slice(0, Math.floor(bytes.length * random()));
  else if (damage < 0.08) bytes = new TextEncoder().encode("<html>" + FUZZ_SECRET + "</html>");
  else if (damage < 0.085) bytes = new Uint8Array(1024 * 1024 + 10);
  return bytes;
}

/** How the case is delivered. */
export type Delivery = "whole" | "chunked" | "endless" | "not-a-response" | "throws";

/** One generated case: a fetch that answers it, and what the fuzzer needs to judge the outcome. */
export interface FuzzCase {
  seed: number;
  delivery: Delivery;
  fetch: typeof fetch;
}

/** The case for `seed`. */
export function generate(seed: number): FuzzCase {
  const random = prng(seed);
  const status = pick(random, STATUSES);
  const delivery: Delivery = random() < 0.001 ? "endless" : random() < 0.002 ? "not-a-response" : random() < 0.01 ? "throws" : random() < 0.3 ? "chunked" : "whole";
  const headers = new Headers();
  const contentType = random() < 0.85 ? pick(random, CONTENT_TYPES.slice(0, 2)) : pick(random, CONTENT_TYPES);
  if (contentType !== "") headers.set("content-type", contentType);
  const retryAfter = pick(random, RETRY_AFTER);
  if (retryAfter !== null) headers.set("retry-after", retryAfter);
  if (status >= 300 && status < 400) headers.set("location", "https://elsewhere.example/token");
  const bytes = bodyBytes(random, status);
  const fetch = (async (_input: unknown, init?: RequestInit) => {
    if (delivery === "throws") throw Object.assign(new Error(`boom ${String(init?.body)}`), { config: { headers: init?.headers } });
    if (delivery === "not-a-response") return pick(random, [undefined, { status: Number.NaN }, { status: 200.5, headers }]);
    const body =
      delivery === "whole"
        ? bytes
        : new ReadableStream<Uint8Array>({
            start(controller) {
              if (delivery === "endless") return void controller.enqueue(bytes.slice(0, 3));
              for (let i = 0; i < bytes.length; i += 7) controller.enqueue(bytes.slice(i, i + 7));
              controller.close();
            },
          });
    return new Response(status === 204 || status === 304 ? null : body, { status, headers });
  }) as typeof fetch;
  return { seed, delivery, fetch };
}
