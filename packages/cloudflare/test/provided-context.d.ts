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
    clients: Record<"basic" | "post" | "simple", DemoCredentials> & { public: { clientId: string } };
    /** A private_key_jwt client: its PKCS#8 PEM private key and the kid of its registered public key. */
    keyClient: { clientId: string; pem: string; kid: string };
    /** The mutual-TLS servers (https, a client certificate required) and the certificates for them (PEM). */
    mtls: {
      tokenUrl: string;
      apiUrl: string;
      ca: string;
      clientId: string;
      selfSignedClientId: string;
      client: { cert: string; key: string; thumbprint: string };
      selfSigned: { cert: string; key: string; thumbprint: string };
    };
  }
}

export {};
