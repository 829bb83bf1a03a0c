/**
 * A token endpoint found at run time: made by {@link discover}, so that a client configured with a `tokenUrl`
 * ships no discovery code.
 */
export interface DiscoveredEndpoint {
  /** The issuer the endpoint is discovered from. */
  readonly issuer: string;
  /** Finds the token endpoint. Called by the client on its first token request, and again after a failure. */
  resolve(context: DiscoveryContext): Promise<URL>;
}

/** What a {@link DiscoveredEndpoint} is given to fetch metadata with. */
export interface DiscoveryContext {
  /**
   * GETs a metadata document with the client's timeout, retries and body limit. Redirects are returned, not
   * followed: the caller decides which to follow.
   */
  get(url: URL): Promise<{ status: number; headers: Headers; body: string }>;
  /** The client's `allowInsecureHttp`. */
  allowInsecureHttp: boolean;
}
