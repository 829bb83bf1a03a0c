/**
 * DPoP through `createClient({ dpop })` (RFC 9449): only DPoP tokens are taken with the option (Bearer only with
 * `allowBearer`), a DPoP token is refused without it, and a stored DPoP token carries its key's thumbprint.
 * oidc-provider requires nonces, so every token request here meets the challenge.
 */
import { INVALID_TOKEN_RESPONSE } from "@occ/core";
import { dpopKey } from "@occ/keys";
import { assert, equal, rejectsWith } from "../assert.ts";
import type { Case } from "../context.ts";
import { jsonStore, tokenWrites } from "../stores.ts";
import { unbase64Utf8 } from "../secrets.ts";

function cnf(jwt: string): unknown {
  const payload = (jwt.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/");
  return (JSON.parse(unbase64Utf8(payload + "=".repeat((4 - (payload.length % 4)) % 4))) as { cnf?: unknown }).cnf;
}

/** DPoP cases. */
export const dpopCases: Case[] = [
  {
    name: "DPoP proofs without the dpop option: oidc-provider's DPoP token is refused (OCC_INVALID_TOKEN_RESPONSE)",
    async run(ctx) {
      const key = await dpopKey();
      const { clientId, clientSecret } = ctx.env.keys.dpop;
      // The proofs reach the server, which binds the token; the client was not told it holds a key.
      const client = ctx.createClient({ tokenUrl: ctx.env.tokenUrl, clientId, clientSecret, fetch: key.wrapFetch(fetch), retries: 0 });
      await rejectsWith(() => client.getToken(), INVALID_TOKEN_RESPONSE, "DPoP token without the dpop option");
    },
  },
  {
    name: "dpop with a server that issues Bearer: refused (OCC_INVALID_TOKEN_RESPONSE), accepted with allowBearer",
    async run(ctx) {
      const strictId = ctx.id();
      const strict = ctx.createClient({ tokenUrl: ctx.fault.url("ok", strictId), clientId: "dpop", clientSecret: "dpop-secret", dpop: await dpopKey() });
      await rejectsWith(() => strict.getToken(), INVALID_TOKEN_RESPONSE, "Bearer token with dpop");
      const proof = (await ctx.fault.last("ok", strictId)).headers["dpop"];
      assert(proof?.split(".").length === 3, "the token request carried no DPoP proof");
      const lenient = ctx.createClient({ tokenUrl: ctx.fault.url("ok", ctx.id()), clientId: "dpop", clientSecret: "dpop-secret", dpop: await dpopKey({ allowBearer: true }) });
      equal((await lenient.getToken()).tokenType, "Bearer", "tokenType with allowBearer");
    },
  },
  {
    name: "a stored DPoP token carries its key's thumbprint (jkt): the same key reads it back, another key gets its own",
    async run(ctx) {
      const { clientId, clientSecret } = ctx.env.keys.dpop;
      const store = jsonStore();
      const background: Promise<unknown>[] = [];
      const client = (dpop: Awaited<ReturnType<typeof dpopKey>>) =>
        ctx.createClient({ tokenUrl: ctx.env.tokenUrl, clientId, clientSecret, dpop, store, retries: 0, waitUntil: (promise) => background.push(promise) });
      const key = await dpopKey();
      const token = await client(key).getToken();
      await Promise.all(background);
      const writes = tokenWrites(store);
      equal(writes.map((write) => write.value.jkt), [key.thumbprint], "jkt of the stored token");
      equal((await client(key).getToken()).accessToken, token.accessToken, "token read back with the same key");
      const other = await dpopKey();
      const own = await client(other).getToken();
      equal([own.tokenType, cnf(own.accessToken)], ["DPoP", { jkt: other.thumbprint }], "another key's token");
      const fetched = ctx.events.filter((event) => event.type === "token_fetched").length;
      const fromStore = ctx.events.filter((event) => event.type === "token_cached" && event.source === "store").length;
      equal([fetched, fromStore], [2, 1], "tokens fetched and read from the store");
    },
  },
];
