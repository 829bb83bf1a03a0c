/**
 * Client authentication without a secret, checked on the fault server's wire: client assertions (a fresh one per
 * attempt, each with a signal of its own), a failing signer, and `none`.
 */
import { CLIENT_ASSERTION_FAILED, type AssertionContext } from "@occ/core";
import { assert, equal, rejectsWith } from "../assert.ts";
import type { Case } from "../context.ts";

/** Assertion and `none` cases. */
export const assertionCases: Case[] = [
  {
    name: "private_key_jwt: a fresh assertion per attempt, sent with its type and client_id",
    async run(ctx) {
      const id = ctx.id();
      const tokenUrl = ctx.fault.url("fail-then-ok", id);
      const seen: { context: AssertionContext; abortedAtCall: boolean | undefined }[] = [];
      const client = ctx.createClient({
        tokenUrl,
        clientId: "jwt-client",
        authMethod: "private_key_jwt",
        clientAssertion: (context) => `header.payload-${seen.push({ context, abortedAtCall: context.signal?.aborted })}.signature`,
      });
      await client.getToken();
      const calls = seen.map(({ context, abortedAtCall }) => [context.tokenUrl, context.clientId, context.issuer, abortedAtCall]);
      equal(calls, [[tokenUrl, "jwt-client", undefined, false], [tokenUrl, "jwt-client", undefined, false]], "callback calls");
      // Each attempt hands the signer a signal of its own, which fires when that attempt times out.
      const [first, second] = seen.map(({ context }) => context.signal);
      assert(first instanceof AbortSignal && second instanceof AbortSignal && first !== second, "a signal of its own per attempt");
      const request = await ctx.fault.last("fail-then-ok", id);
      equal(request.headers["authorization"], undefined, "Authorization header");
      const form = new URLSearchParams(request.body);
      equal(
        [form.get("client_id"), form.get("client_assertion_type"), form.get("client_assertion")],
        ["jwt-client", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "header.payload-2.signature"],
        "assertion parameters",
      );
    },
  },
  {
    name: "a throwing clientAssertion → OCC_CLIENT_ASSERTION_FAILED, no request",
    async run(ctx) {
      const id = ctx.id();
      const client = ctx.createClient({
        tokenUrl: ctx.fault.url("ok", id),
        clientId: "jwt-client",
        authMethod: "private_key_jwt",
        clientAssertion: () => {
          throw new Error("no key");
        },
      });
      await rejectsWith(() => client.getToken(), CLIENT_ASSERTION_FAILED, "throwing callback");
      equal(await ctx.fault.count("ok", id), 0, "token requests");
    },
  },
  {
    name: "authMethod none sends client_id only",
    async run(ctx) {
      const id = ctx.id();
      await ctx.createClient({ tokenUrl: ctx.fault.url("ok", id), clientId: "public-client", authMethod: "none" }).getToken();
      const request = await ctx.fault.last("ok", id);
      equal(request.headers["authorization"], undefined, "Authorization header");
      const form = new URLSearchParams(request.body);
      equal([...form.keys()].sort(), ["client_id", "grant_type"], "form parameters");
    },
  },
];
