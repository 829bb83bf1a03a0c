import { type Attributes, context, type Link, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Tracer } from "@opentelemetry/api";
import type { OccEvent } from "@occ/core";
import { ATTR_ERROR_TYPE, ATTR_TOKEN_ATTEMPTS, ATTR_TOKEN_BACKGROUND, ATTR_TOKEN_SERVED, errorAttributes } from "./attributes.js";

/** The name of the span recorded for each token request. */
export const TOKEN_REQUEST_SPAN = "occ.token.request";

type TokenRequestEvent = Extract<OccEvent, { type: "token_fetched" | "token_failed" }>;

/**
 * Records one token request as a span, after the fact: it ends now and started `durationMs` ago.
 *
 * The event is emitted inside the asynchronous context of the call that started the request, so a caller's active
 * span becomes the parent. A background refresh is nobody's request: it gets a trace of its own, linked to the
 * span of the call that triggered it.
 */
export function recordTokenSpan(tracer: Tracer, event: TokenRequestEvent, keyAttributes: Attributes): void {
  const end = Date.now();
  const attributes: Attributes = {
    ...keyAttributes,
    [ATTR_TOKEN_ATTEMPTS]: event.attempts,
    [ATTR_TOKEN_BACKGROUND]: event.background,
  };
  if (event.type === "token_failed") Object.assign(attributes, errorAttributes(event.error), { [ATTR_TOKEN_SERVED]: event.served });

  const active = context.active();
  let parent = active;
  const links: Link[] = [];
  if (event.background) {
    parent = ROOT_CONTEXT;
    const trigger = trace.getSpanContext(active);
    if (trigger !== undefined) links.push({ context: trigger });
  }
  const span = tracer.startSpan(
    TOKEN_REQUEST_SPAN,
    { kind: SpanKind.INTERNAL, startTime: end - event.durationMs, attributes, links },
    parent,
  );
  if (event.type === "token_failed") span.setStatus({ code: SpanStatusCode.ERROR, message: String(attributes[ATTR_ERROR_TYPE]) });
  span.end(end);
}
