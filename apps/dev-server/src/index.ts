/// <reference types="node" />
/// <reference path="./types/oidc-provider.d.ts" />
export { startAuthServer } from "./auth-server.ts";
export type { AuthServer, AuthServerOptions, SigningAlg } from "./auth-server.ts";
export { startProtectedApi } from "./protected-api.ts";
export type { ProtectedApi, ProtectedApiOptions } from "./protected-api.ts";
export { startFaultServer } from "./fault-server.ts";
export type { FaultServer, FaultServerOptions, RecordedRequest } from "./fault-server.ts";
export { FAULT_SCENARIOS } from "./fault/scenarios.ts";
export type { FaultScenario } from "./fault/scenarios.ts";
export { FAULT_CLIENT } from "./fault/client-auth.ts";
export type { FaultCredentials } from "./fault/client-auth.ts";
export { QUOTA_STYLES } from "./fault/quota.ts";
export { demoClients, DEFAULT_AUDIENCE, RESOURCE_SCOPES } from "./clients.ts";
export type { DemoClient, DemoClients, ClientAuthMethod, PublicJwk } from "./clients.ts";
export { exampleEnv } from "./example-env.ts";
export { createTestPki } from "./mtls/pki.ts";
export { startMtlsServers } from "./mtls/mtls-servers.ts";
export type { MtlsServers } from "./mtls/mtls-servers.ts";
export type { TestCertificate, TestPki } from "./mtls/pki.ts";
export type { TlsServerOptions } from "./mtls/tls-server.ts";
