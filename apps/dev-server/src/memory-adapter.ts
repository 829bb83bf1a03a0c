// A tiny per-provider in-memory storage adapter for oidc-provider. Supplying
// our own adapter (instead of the built-in quick-start one) keeps the provider
// quiet and isolates state between server instances in the same process.

type Payload = Record<string, any>;

interface Entry {
  payload: Payload;
  expiresAt: number | undefined;
}

export function createMemoryAdapterFactory(): (model: string) => MemoryAdapter {
  const store = new Map<string, Entry>();
  return (model: string) => new MemoryAdapter(model, store);
}

export class MemoryAdapter {
  readonly model: string;
  readonly #store: Map<string, Entry>;

  constructor(model: string, store: Map<string, Entry>) {
    this.model = model;
    this.#store = store;
  }

  #key(id: string): string {
    return `${this.model}:${id}`;
  }

  #get(key: string): Payload | undefined {
    const entry = this.#store.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.#store.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
    const expiresAt = typeof expiresIn === "number" ? Date.now() + expiresIn * 1000 : undefined;
    this.#store.set(this.#key(id), { payload, expiresAt });
    if (payload.grantId) {
      const grantKey = `grant:${payload.grantId}`;
      const members = (this.#get(grantKey)?.members as string[] | undefined) ?? [];
      members.push(this.#key(id));
      this.#store.set(grantKey, { payload: { members }, expiresAt });
    }
    if (payload.userCode) this.#store.set(`userCode:${payload.userCode}`, { payload: { id }, expiresAt });
    if (payload.uid) this.#store.set(`sessionUid:${payload.uid}`, { payload: { id }, expiresAt });
  }

  async find(id: string): Promise<Payload | undefined> {
    return this.#get(this.#key(id));
  }

  async findByUserCode(userCode: string): Promise<Payload | undefined> {
    const ref = this.#get(`userCode:${userCode}`);
    return ref ? this.find(ref.id as string) : undefined;
  }

  async findByUid(uid: string): Promise<Payload | undefined> {
    const ref = this.#get(`sessionUid:${uid}`);
    return ref ? this.find(ref.id as string) : undefined;
  }

  async consume(id: string): Promise<void> {
    const payload = this.#get(this.#key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.#store.delete(this.#key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    const grantKey = `grant:${grantId}`;
    const members = (this.#get(grantKey)?.members as string[] | undefined) ?? [];
    for (const key of members) this.#store.delete(key);
    this.#store.delete(grantKey);
  }
}
