import { apiScenarios } from "./api.ts";
import { clientAuthScenarios } from "./client-auth.ts";
import type { FaultCredentials } from "./client-auth.ts";
import { discoveryScenarios } from "./discovery.ts";
import { failureScenarios } from "./failures.ts";
import type { ScenarioHandler } from "./http.ts";
import { quotaScenarios } from "./quota.ts";
import { responseScenarios } from "./responses.ts";
import { streamScenarios } from "./streams.ts";
import { unsafeTokenScenarios } from "./unsafe-tokens.ts";

/** Every scenario's handler, by name; the client-authentication ones look up credentials registered for an id. */
export function scenarioHandlers(credentials: ReadonlyMap<string, FaultCredentials>) {
  return {
    ...responseScenarios,
    ...quotaScenarios,
    ...unsafeTokenScenarios,
    ...failureScenarios,
    ...streamScenarios,
    ...clientAuthScenarios((id) => credentials.get(id)),
    ...discoveryScenarios,
    ...apiScenarios,
  } satisfies Record<string, ScenarioHandler>;
}

/** The name of a scenario: the first path segment of a request to the fault server. */
export type FaultScenario = keyof ReturnType<typeof scenarioHandlers>;

/** Every scenario, in the order README.md describes them. */
export const FAULT_SCENARIOS = Object.keys(scenarioHandlers(new Map())) as FaultScenario[];

