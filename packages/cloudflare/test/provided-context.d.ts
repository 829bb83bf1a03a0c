// The demo clients are described structurally: importing their type from @occ/dev-server would pull its
// Node sources into the workerd type-check.
interface DemoCredentials {
  clientId: string;
  clientSecret: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    tokenUrl: string;
    issuer: string;
    shortTokenUrl: string;
    apiUrl: string;
    controlUrl: string;
    clients: Record<"basic" | "post" | "simple", DemoCredentials>;
  }
}

export {};
