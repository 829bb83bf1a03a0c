/** "4 min 59 s", "2 h 3 min", "3 d 4 h": the two largest units of a duration, for people. */
export function duration(ms: number): string {
  let seconds = Math.round(Math.abs(ms) / 1000);
  const units: [string, number][] = [
    ["d", 86_400],
    ["h", 3_600],
    ["min", 60],
    ["s", 1],
  ];
  const parts: string[] = [];
  for (const [name, size] of units) {
    if (seconds >= size || (name === "s" && parts.length === 0)) {
      parts.push(`${Math.floor(seconds / size)} ${name}`);
      seconds %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(" ");
}

/** "in 4 min 59 s" or "3 s ago". */
export function relative(at: number, now: number): string {
  return at >= now ? `in ${duration(at - now)}` : `${duration(now - at)} ago`;
}

/** ISO 8601 with the relative time: "2026-11-30T01:30:00.000Z (in 5 min)". */
export function when(at: number, now: number): string {
  return `${new Date(at).toISOString()} (${relative(at, now)})`;
}
