// What test/global-setup.ts provides (Node side) to the workerd tests and to the plugin's bindings.
declare module "vitest" {
  export interface ProvidedContext {
    tokenUrl: string;
    /** GET it for `{ count }`: token requests the authorization server received so far. */
    tokenRequestsUrl: string;
    apiUrl: string;
    faultUrl: string;
    clientId: string;
    clientSecret: string;
  }
}
export {};
