declare namespace Cloudflare {
  interface Env {
    OAUTH_TOKENS: KVNamespace;
    STORE_KV: KVNamespace;
    OAUTH_TOKEN_URL: string;
    OAUTH_CLIENT_ID: string;
    OAUTH_CLIENT_SECRET: string;
    OAUTH_SCOPE: string;
    OCC_COORDINATOR: DurableObjectNamespace;
    SHARED_COORDINATOR: DurableObjectNamespace;
    FLEET_A: Fetcher;
    FLEET_B: Fetcher;
    CLIENT_CERT: Fetcher;
    SELF_SIGNED_CERT: Fetcher;
    NO_CERT: Fetcher;
    MY_CERT: Fetcher;
  }
}

declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import("./fixtures/worker.ts");
  }
}
