// Minimal ambient typing for oidc-provider v9 (it ships no .d.ts). Only what
// this package touches is typed; everything else is intentionally loose.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  export interface KoaContextLike {
    method: string;
    path: string;
    status: number;
    body: unknown;
    oidc?: any;
    [key: string]: any;
  }

  export type Middleware = (ctx: KoaContextLike, next: () => Promise<void>) => Promise<void> | void;

  export class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>);
    readonly issuer: string;
    proxy: boolean;
    use(middleware: Middleware): void;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: any[]) => void): this;
    [key: string]: any;
  }

  export const errors: Record<string, any>;
  export default Provider;
}
