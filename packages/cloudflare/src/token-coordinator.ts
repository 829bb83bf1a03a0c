import { type CoordinatorCommand, type CoordinatorReply, parseCommand } from "./coordinator-protocol.js";
import type { DurableObjectStateLike, DurableObjectStorageLike } from "./durable-object-like.js";
import type { StoredValue } from "@occ/core";

/** Storage keys inside one coordinator; the object itself is the store key. */
const VALUE = "value";
const LEASE = "lease";

interface Expiring {
  expiresAt: number;
}
interface ValueEntry extends Expiring {
  value: StoredValue;
}
interface LeaseEntry extends Expiring {
  owner: string;
}

/**
 * A Durable Object that holds one occ store key — its value and its refresh lease — for every isolate and
 * location of every Worker bound to it. {@link durableObjectStore} names one object per key (`idFromName`), so each
 * object sees every operation on its key, runs them one at a time, and keeps what they write in its durable storage:
 * an eviction or restart loses nothing. Expired entries are never returned and are deleted by an alarm.
 *
 * It answers `fetch` (not JS RPC, which would need `cloudflare:workers` and tie this package to workerd), so it
 * works with any compatibility date. Export it from your Worker's main module and bind it; see the README.
 */
export class OccTokenCoordinator {
  readonly #storage: DurableObjectStorageLike;
  /**
   * The operation running now; the next one starts after it. workerd's input gates already hold other requests
   * while storage is awaited; the queue keeps each read-then-write whole even across any other await.
   */
  #tail: Promise<unknown> = Promise.resolve();

  constructor(state: DurableObjectStateLike, _env?: unknown) {
    this.#storage = state.storage;
  }

  /** Runs one command from {@link durableObjectStore}; 400 for a request that is not one. */
  async fetch(request: Request): Promise<Response> {
    const command = parseCommand(await request.json().catch(() => undefined));
    if (command === undefined) return new Response("not an occ token coordinator command", { status: 400 });
    return Response.json(await this.#oneAtATime(() => this.#run(command)));
  }

  /** Deletes what has expired, then schedules itself for the next expiry, if anything is left. */
  async alarm(): Promise<void> {
    await this.#oneAtATime(() => this.#sweep());
  }

  #oneAtATime<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(operation);
    this.#tail = result.catch(() => undefined);
    return result;
  }

  async #run(command: CoordinatorCommand): Promise<CoordinatorReply> {
    const now = Date.now();
    switch (command.op) {
      case "get":
        return { value: live(await this.#storage.get<ValueEntry>(VALUE), now)?.value ?? null };
      case "set":
        await this.#storage.put<ValueEntry>(VALUE, { value: command.value, expiresAt: now + command.ttlMs });
        break;
      case "delete":
        await this.#storage.delete(VALUE);
        break;
      case "acquire": {
        const held = live(await this.#storage.get<LeaseEntry>(LEASE), now);
        // Held: true only for its holder, whose expiry stays as it was.
        if (held !== undefined) return { held: held.owner === command.owner };
        await this.#storage.put<LeaseEntry>(LEASE, { owner: command.owner, expiresAt: now + command.ttlMs });
        await this.#schedule();
        return { held: true };
      }
      case "release": {
        if (live(await this.#storage.get<LeaseEntry>(LEASE), now)?.owner !== command.owner) return { held: false };
        await this.#storage.delete(LEASE);
        await this.#schedule();
        return { held: true };
      }
    }
    await this.#schedule();
    return {};
  }

  async #sweep(): Promise<void> {
    const now = Date.now();
    for (const key of [VALUE, LEASE]) {
      const entry = await this.#storage.get<Expiring>(key);
      if (entry !== undefined && live(entry, now) === undefined) await this.#storage.delete(key);
    }
    await this.#schedule();
  }

  /** One alarm, at the earliest expiry held; none when the object holds nothing. */
  async #schedule(): Promise<void> {
    const entries = await Promise.all([this.#storage.get<Expiring>(VALUE), this.#storage.get<Expiring>(LEASE)]);
    const expiries = entries.flatMap((entry) => (entry === undefined ? [] : [entry.expiresAt]));
    if (expiries.length === 0) await this.#storage.deleteAlarm();
    else await this.#storage.setAlarm(Math.min(...expiries));
  }
}

function live<T extends Expiring>(entry: T | undefined, now: number): T | undefined {
  return entry !== undefined && entry.expiresAt > now ? entry : undefined;
}
