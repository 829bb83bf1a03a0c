/** A fault-server path: `<scenario>/<id>`, maybe with a `.well-known/<name>` part. */
export interface FaultPath {
  scenario: string;
  id: string;
  wellKnown?: string;
  trailingSlash: boolean;
}

/** The scenario, id and metadata name of a path; `.well-known/<name>` may come first (RFC 8414) or after the id. */
export function parseFaultPath(pathname: string): FaultPath {
  const decode = (segment: string) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  };
  const trailingSlash = pathname.length > 1 && pathname.endsWith("/");
  let segments = pathname.split("/").slice(1).map(decode);
  if (trailingSlash) segments = segments.slice(0, -1);
  let wellKnown: string | undefined;
  if (segments[0] === ".well-known") {
    wellKnown = segments[1];
    segments = segments.slice(2);
  } else {
    const at = segments.indexOf(".well-known");
    if (at > 0) {
      wellKnown = segments[at + 1];
      segments = segments.slice(0, at);
    }
  }
  const [scenario = "", ...id] = segments;
  return { scenario, id: id.join("/"), ...(wellKnown === undefined ? {} : { wellKnown }), trailingSlash };
}
