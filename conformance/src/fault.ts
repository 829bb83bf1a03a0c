/**
 * Talks to the dev-server's fault server over HTTP only, so cases need no handle on the Node process.
 */

/** What a case needs from the fault server: URLs and its request bookkeeping. */
export interface Fault {
  /** `<fault>/<scenario>/<id>` plus an optional query. */
  url(scenario: string, id: string, query?: Record<string, string | number>): string;
  /** How many requests `<scenario>/<id>` has received. */
  count(scenario: string, id: string): Promise<number>;
  /** The last request `<scenario>/<id>` received. */
  last(scenario: string, id: string): Promise<RecordedRequest>;
  /** Makes the client-authentication scenarios (`secrets`, `basic-*`) accept exactly these credentials for `id`. */
  register(id: string, clientId: string, clientSecrets: readonly string[]): Promise<void>;
}

/** A request as the fault server recorded it (header names lower-cased). */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A {@link Fault} for the fault server at `base`. */
export function faultServer(base: string): Fault {
  return {
    url(scenario, id, query) {
      const url = new URL(`${base}/${scenario}/${encodeURIComponent(id)}`);
      for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, String(value));
      return url.href;
    },
    async count(scenario, id) {
      const body = (await getJson(`${base}/__count/${scenario}/${encodeURIComponent(id)}`)) as { count: number };
      return body.count;
    },
    async last(scenario, id) {
      return (await getJson(`${base}/__last/${scenario}/${encodeURIComponent(id)}`)) as RecordedRequest;
    },
    async register(id, clientId, clientSecrets) {
      const body = new URLSearchParams([["client_id", clientId], ...clientSecrets.map((secret) => ["client_secret", secret] as [string, string])]);
      const response = await fetch(`${base}/__credentials/${encodeURIComponent(id)}`, { method: "POST", body });
      await response.body?.cancel();
      if (response.status !== 204) throw new Error(`fault server answered ${response.status} to a credentials registration`);
    },
  };
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`fault server answered ${response.status} for ${url}`);
  return response.json();
}
