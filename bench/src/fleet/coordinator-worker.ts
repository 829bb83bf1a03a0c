/** The Worker that hosts the `OccTokenCoordinator` Durable Object class; the fleet's Workers bind it by `scriptName`. */
export { OccTokenCoordinator } from "@occ/cloudflare";

export default {
  fetch: () => new Response("hosts OccTokenCoordinator", { status: 404 }),
};
