import type { AuthServer, ProtectedApi } from "@occ/dev-server";
import type { Report } from "./report.ts";

/** What every section of the demo works with. */
export interface DemoContext {
  /** The authorization server (tokens live 300 s); `tokenRequests()` is the demo's ground truth. */
  auth: AuthServer;
  /** The protected API that trusts `auth`. */
  api: ProtectedApi;
  report: Report;
  /** A scratch folder, removed at the end. */
  tmp: string;
  /** The variables every example reads: OAUTH_* for the demo client, and API_URL. */
  config(overrides?: Record<string, string>): Record<string, string>;
}
