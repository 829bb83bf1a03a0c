export { privateKeyJwt, type PrivateKeyJwtOptions } from "./private-key-jwt.js";
export { clientSecretJwt, type ClientSecretJwtOptions } from "./client-secret-jwt.js";
export { dpopKey, type DPoPKey, type DPoPKeyOptions } from "./dpop-key.js";
export { jwkThumbprint } from "./thumbprint.js";
export { readCertificate, type CertificateInfo, type ReadCertificateOptions } from "./certificate.js";
export type { HmacAlg, SigningAlg } from "./algorithms.js";
export type { PrivateKeyInput } from "./private-key.js";
