/**
 * `@occ/core/diagnostics`: the pieces a diagnostic tool (the `occ doctor` command) needs to look at an
 * authorization server the way occ's clients do — how credentials are encoded, where metadata is looked up, what
 * counts as loopback, how URLs appear in messages, and how quota headers read.
 */
export { metadataUrls } from "./source/discovery.js";
export { describeUrl, isLoopback } from "./source/endpoint.js";
export { parseQuotas } from "./source/quota.js";
export { formEncode } from "./util/form.js";
