/** A contestant name as a URL path segment, for per-contestant request counters. */
export function slug(name: string): string {
  return name.replace(/[^\w.-]+/g, "_");
}
