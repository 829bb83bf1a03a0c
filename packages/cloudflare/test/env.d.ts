declare namespace Cloudflare {
  interface Env {
    OAUTH_TOKENS: KVNamespace;
    STORE_KV: KVNamespace;
    OAUTH_TOKEN_URL: string;
    OAUTH_CLIENT_ID: string;
    OAUTH_CLIENT_SECRET: string;
    OAUTH_SCOPE: string;
  }
}

declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import("./fixtures/worker.ts");
  }
}
