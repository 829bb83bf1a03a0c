/**
 * The conformance suite: every case, in the order they run. Written once, run unchanged on every runtime.
 */
import { authCases } from "./cases/auth.ts";
import { cachingCases, sharedRequestCases } from "./cases/caching.ts";
import type { Case } from "./context.ts";
import { endToEndCases, fetchCases } from "./cases/fetch.ts";
import { hygieneCases } from "./cases/hygiene.ts";
import { keysCases } from "./cases/keys.ts";
import { resilienceCases } from "./cases/resilience.ts";
import { storeCases } from "./cases/store.ts";
import { validationCases } from "./cases/validation.ts";

/** All cases. */
export const cases: readonly Case[] = [
  ...authCases,
  ...validationCases,
  ...cachingCases,
  ...sharedRequestCases,
  ...storeCases,
  ...resilienceCases,
  ...fetchCases,
  ...endToEndCases,
  ...hygieneCases,
  ...keysCases,
];
