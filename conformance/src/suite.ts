/**
 * The conformance suite: every case, in the order they run. Written once, run unchanged on every runtime.
 */
import { assertionCases } from "./cases/assertion.ts";
import { authCases } from "./cases/auth.ts";
import { cachingCases, sharedRequestCases } from "./cases/caching.ts";
import { coolDownCases } from "./cases/cool-down.ts";
import { credentialsCases } from "./cases/credentials.ts";
import { dpopCases } from "./cases/dpop.ts";
import { endToEndCases, fetchCases } from "./cases/fetch.ts";
import { hygieneCases } from "./cases/hygiene.ts";
import { keysCases } from "./cases/keys.ts";
import { throttlingCases } from "./cases/pauses.ts";
import { resilienceCases } from "./cases/resilience.ts";
import { storeCases } from "./cases/store.ts";
import { unsafeTokensCases } from "./cases/unsafe-tokens.ts";
import { validationCases } from "./cases/validation.ts";
import type { Case } from "./context.ts";

/** All cases. */
export const cases: readonly Case[] = [
  ...authCases,
  ...assertionCases,
  ...credentialsCases,
  ...validationCases,
  ...unsafeTokensCases,
  ...cachingCases,
  ...sharedRequestCases,
  ...storeCases,
  ...resilienceCases,
  ...throttlingCases,
  ...coolDownCases,
  ...fetchCases,
  ...endToEndCases,
  ...hygieneCases,
  ...keysCases,
  ...dpopCases,
];
