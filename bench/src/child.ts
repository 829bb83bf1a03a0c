/**
 * Runs one scenario in this (fresh) process: `node child.ts <scenario> [args…]`, with the bench servers'
 * URL in `OCC_BENCH_SERVER`. Prints the scenario's result as one JSON line.
 */
const [scenario, ...args] = process.argv.slice(2);
if (scenario === undefined || !/^[a-z-]+$/.test(scenario)) throw new Error(`bad scenario name ${scenario}`);
const serverUrl = process.env.OCC_BENCH_SERVER;
if (serverUrl === undefined) throw new Error("OCC_BENCH_SERVER is not set");

const module = (await import(`./scenarios/${scenario}.ts`)) as {
  run(args: string[], serverUrl: string): Promise<unknown>;
};
const result = await module.run(args, serverUrl);
process.stdout.write(`${JSON.stringify(result)}\n`);
// Keep-alive sockets and background refresh timers must not keep a finished scenario alive.
process.exit(0);
