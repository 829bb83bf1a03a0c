/** An `[occ] <type> key=value …` line, as the example apps log each occ event. */
export interface EventLine {
  type: string;
  fields: Record<string, string>;
  line: string;
}

/** Every occ event line in an app's output, in order. */
export function eventLines(output: string): EventLine[] {
  const events: EventLine[] = [];
  for (const line of output.split("\n")) {
    const match = /^\[occ\] (\w+)(.*)$/.exec(line.trim());
    if (match === null) continue;
    const fields: Record<string, string> = {};
    for (const [, name, value] of (match[2] ?? "").matchAll(/(\w+)=(\S+)/g)) fields[name as string] = value as string;
    events.push({ type: match[1] as string, fields, line: line.trim() });
  }
  return events;
}

/** The event lines of one type, optionally only those whose fields match. */
export function eventsOf(output: string, type: string, fields: Record<string, string> = {}): EventLine[] {
  return eventLines(output).filter(
    (event) => event.type === type && Object.entries(fields).every(([name, value]) => event.fields[name] === value),
  );
}
