/**
 * 4. Steady state: token requests in one simulated hour for a service making 200 calls/s with 5-minute
 * tokens. occ takes the clock through its `now` option; the peers read `Date.now`, so this process replaces
 * it. Each simulated second runs its 200 calls one after another (a refresh that blocks costs no simulated
 * time, which flatters clients without single-flight; the stampede and expiry scenarios cover concurrency),
 * then yields to the event loop (a real millisecond every tenth second) so a background refresh can
 * complete well inside its 60 s window, as it would in real time.
 * Clients without a cache make one request per call whatever the clock, so they run 10 simulated seconds
 * and the count is scaled to the hour.
 */
import { contestant, endpointFor, tokenRequests } from "../lib/contestants.ts";
import { slug } from "../lib/slug.ts";

const CALLS_PER_SECOND = 200;
const TOKEN_TTL_SECONDS = 300;
const REFRESH_SKEW_SECONDS = 60;
const HOUR_SECONDS = 3600;
const UNCACHED_SECONDS = 10;

export interface SteadyStateResult {
  contestant: string;
  simulatedSeconds: number;
  calls: number;
  tokenRequests: number;
  tokenRequestsPerHour: number;
  extrapolated: boolean;
  clock: string;
}

export async function run([name = ""]: string[], serverUrl: string): Promise<SteadyStateResult> {
  const subject = contestant(name);
  const ns = `steady-${slug(name)}`;
  let clock = Date.now();
  const now = () => clock;
  if (subject.clock === "Date.now") Date.now = now;
  const instance = await subject.create(endpointFor(serverUrl, ns, TOKEN_TTL_SECONDS), {
    refreshSkewSeconds: REFRESH_SKEW_SECONDS,
    now,
  });
  const seconds = subject.cache === "none" ? UNCACHED_SECONDS : HOUR_SECONDS;
  const step = 1000 / CALLS_PER_SECOND;
  for (let second = 0; second < seconds; second++) {
    for (let i = 0; i < CALLS_PER_SECOND; i++) {
      clock += step;
      await instance.getToken();
    }
    await new Promise((resolve) => (second % 10 === 9 ? setTimeout(resolve, 1) : setImmediate(resolve)));
  }
  const requests = await tokenRequests(serverUrl, ns);
  return {
    contestant: name,
    simulatedSeconds: seconds,
    calls: seconds * CALLS_PER_SECOND,
    tokenRequests: requests,
    tokenRequestsPerHour: (requests * HOUR_SECONDS) / seconds,
    extrapolated: seconds !== HOUR_SECONDS,
    clock: subject.clock === "option" ? "now option" : "patched Date.now",
  };
}
