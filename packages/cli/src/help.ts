/** `occ --help`: commands, configuration, flags and exit codes. */
export const HELP = `occ — OAuth 2.0 client credentials from the command line

Usage:
  occ token  [flags]   get a token and show what it is: type, scope, expiry, JWT header and claims
  occ doctor [flags]   check the configuration and the authorization server, step by step
  occ --help | --version

Neither command ever prints the client secret. occ token prints the token itself only with --print.

Configuration (flags win over the variables):
  --token-url URL           OAUTH_TOKEN_URL      the token endpoint
  --issuer URL              OAUTH_ISSUER         or the issuer, to discover the endpoint (RFC 8414 / OIDC)
  --client-id ID            OAUTH_CLIENT_ID
  --client-secret-file PATH                      read the secret from a file (one trailing newline is dropped)
                            OAUTH_CLIENT_SECRET  or from the environment
                            OAUTH_CLIENT_SECRET_PREVIOUS  during a rotation: tried when the new one is refused
  --client-secret SECRET    discouraged: the secret lands in your shell history and in the process list
                            that every user of this machine can read; prefer the file or the variable
  --auth-method METHOD      OAUTH_AUTH_METHOD    client_secret_basic, client_secret_post or none; unset:
                                                 Basic, then client_secret_post once if Basic is refused
  --scope "A B"             OAUTH_SCOPE          space separated
  --audience AUD            OAUTH_AUDIENCE       Auth0-style audience
  --resource "URI ..."      OAUTH_RESOURCE       RFC 8707 resource indicators, space separated

occ token:
  --json                    one JSON object for scripts: tokenType, scope, expiresAt, expiresIn, format, jwt
  --print                   only the access token and a newline, for TOKEN=$(occ token --print)

occ doctor:
  --json                    the checks as one JSON object
  Checks the configuration; DNS, TCP and TLS to the endpoint (and the issuer's metadata); which
  client-authentication styles the server accepts (up to three token requests: Basic form-encoded as
  RFC 6749 requires, Basic with raw credentials, client_secret_post; then the previous secret, when the
  new one got no token); the token response; the server's clock against ours; rate-limit and quota headers.

Exit codes:
  0  ok (doctor: no check failed; warnings allowed)
  1  the server refused the token request, or a doctor check failed
  2  usage or configuration error: nothing was sent
  3  network: DNS, TCP, TLS or timeout — the endpoint could not be reached
`;
