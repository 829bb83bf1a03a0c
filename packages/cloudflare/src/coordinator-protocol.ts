import type { StoredValue } from "@occ/core";

/** What {@link durableObjectStore} asks an {@link OccTokenCoordinator}: one object per key, so no key inside. */
export type CoordinatorCommand =
  | { op: "get" }
  | { op: "set"; value: StoredValue; ttlMs: number }
  | { op: "delete" }
  | { op: "acquire"; owner: string; ttlMs: number }
  | { op: "release"; owner: string };

/** The coordinator's answer: `value` for `get` (null when absent or expired), `held` for the lease commands. */
export interface CoordinatorReply {
  value?: StoredValue | null;
  held?: boolean;
}

const isPositive = (n: unknown): n is number => typeof n === "number" && Number.isFinite(n) && n > 0;
const isOwner = (owner: unknown): owner is string => typeof owner === "string";

/** The command in a request body, or undefined when it is not one (another caller bound to the class). */
export function parseCommand(body: unknown): CoordinatorCommand | undefined {
  const command = body as Record<string, unknown> | null;
  switch (command?.op) {
    case "get":
    case "delete":
      return { op: command.op };
    case "set": {
      const { value, ttlMs } = command;
      const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
      return isObject && isPositive(ttlMs) ? { op: "set", value: value as StoredValue, ttlMs } : undefined;
    }
    case "acquire":
      return isOwner(command.owner) && isPositive(command.ttlMs) ? { op: "acquire", owner: command.owner, ttlMs: command.ttlMs } : undefined;
    case "release":
      return isOwner(command.owner) ? { op: "release", owner: command.owner } : undefined;
    default:
      return undefined;
  }
}
