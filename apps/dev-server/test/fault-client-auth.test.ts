import { describe, expect, it } from "vitest";
import { FAULT_CLIENT } from "../src/index.ts";
import { useFaultServer, uid } from "./fault-helpers.ts";
import { basicHeader, formEncode, rawBasicHeader } from "./helpers.ts";

const { server, post } = useFaultServer();

/** What an RFC 6749 client sends: form-encoded id and secret, then base64. */
const rfc = (id: string, secret: string) => ({ authorization: basicHeader(id, secret) });
/** What the usual snippet sends: `id:secret` as they are, base64. */
const raw = (id: string, secret: string) => ({ authorization: rawBasicHeader(`${id}:${secret}`) });
const form = { "content-type": "application/x-www-form-urlencoded" };

async function status(scenario: string, id: string, headers: Record<string, string>, body = "grant_type=client_credentials") {
  const res = await post(`/${scenario}/${id}`, { headers: { ...form, ...headers }, body });
  return res.status;
}

const postBody = (clientId: string, secret: string) =>
  `grant_type=client_credentials&client_id=${formEncode(clientId)}&client_secret=${formEncode(secret)}`;

describe("client authentication scenarios, with FAULT_CLIENT (reserved characters, `:` in the secret)", () => {
  const { clientId, clientSecret } = FAULT_CLIENT;
  it.each([
    // scenario, form-encoded Basic, raw Basic
    ["basic-rfc", 200, 401],
    ["basic-raw", 401, 200],
    ["basic-split", 401, 401], // the raw secret has a second `:`; the encoded one does not match unencoded
  ])("%s: RFC-encoded Basic → %i, raw Basic → %i, client_secret_post → 200", async (scenario, encoded, unencoded) => {
    const id = uid();
    expect(await status(scenario, id, rfc(clientId, clientSecret))).toBe(encoded);
    expect(await status(scenario, id, raw(clientId, clientSecret))).toBe(unencoded);
    expect(await status(scenario, id, {}, postBody(clientId, clientSecret))).toBe(200);
    expect(server().count(scenario, id)).toBe(3);
  });

  it("answers a token on success and 401 invalid_client otherwise", async () => {
    const ok = await post(`/basic-rfc/${uid()}`, { headers: { ...form, ...rfc(clientId, clientSecret) } });
    expect(await ok.json()).toEqual({ access_token: "tok-1", token_type: "Bearer", expires_in: 3600 });
    for (const headers of [rfc(clientId, "wrong"), rfc("someone-else", clientSecret), {}, { authorization: "Basic !!!" }]) {
      const refused = await post(`/basic-rfc/${uid()}`, { headers: { ...form, ...headers } });
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toMatch(/^Basic /);
      expect(await refused.json()).toMatchObject({ error: "invalid_client" });
    }
  });

  it("basic-rfc refuses a raw `%` that is not an escape with 401, not an error", async () => {
    expect(await status("basic-rfc", uid(), raw(clientId, "100%zz"))).toBe(401);
  });
});

describe("credentials chosen by the test", () => {
  it("basic-split accepts a raw pair with no second `:`, and refuses an id with a `:` that basic-raw accepts", async () => {
    const query = `?${new URLSearchParams({ client_id: "split-client", client_secret: "a+b c/=&~" })}`;
    expect(await status(`basic-split`, `${uid()}${query}`, raw("split-client", "a+b c/=&~"))).toBe(200);
    expect(await status(`basic-split`, `${uid()}${query}`, rfc("split-client", "a+b c/=&~"))).toBe(401);
    const colonId = `?${new URLSearchParams({ client_id: "urn:client", client_secret: "s" })}`;
    expect(await status(`basic-split`, `${uid()}${colonId}`, raw("urn:client", "s"))).toBe(401);
    expect(await status(`basic-raw`, `${uid()}${colonId}`, raw("urn:client", "s"))).toBe(401); // splits in the id
    expect(await status(`basic-rfc`, `${uid()}${colonId}`, rfc("urn:client", "s"))).toBe(200);
  });

  it("secrets: refuses everything until the test registers secrets, then only those, as they change", async () => {
    const id = uid();
    const [first, second] = ["rotating:secret+1", "rotating:secret+2"];
    const register = (...secrets: string[]) =>
      fetch(`${server().url}/__credentials/${id}`, {
        method: "POST",
        headers: form,
        body: new URLSearchParams([["client_id", "rotator"], ...secrets.map((s) => ["client_secret", s])]).toString(),
      });
    expect(await status("secrets", id, rfc(FAULT_CLIENT.clientId, FAULT_CLIENT.clientSecret))).toBe(401);
    expect((await register(second)).status).toBe(204);
    expect([await status("secrets", id, rfc("rotator", first)), await status("secrets", id, rfc("rotator", second))]).toEqual([401, 200]);
    await register(first);
    expect([await status("secrets", id, rfc("rotator", first)), await status("secrets", id, rfc("rotator", second))]).toEqual([200, 401]);
    server().setCredentials(id, { clientId: "rotator", clientSecrets: [first, second] });
    expect([await status("secrets", id, rfc("rotator", first)), await status("secrets", id, {}, postBody("rotator", second))]).toEqual([200, 200]);
    expect(server().count("secrets", id)).toBe(7);
  });

  it("registered credentials replace FAULT_CLIENT for basic-rfc too; a registration without client_id is refused", async () => {
    const id = uid();
    server().setCredentials(id, { clientId: "mine", clientSecrets: ["s"] });
    expect(await status("basic-rfc", id, rfc(FAULT_CLIENT.clientId, FAULT_CLIENT.clientSecret))).toBe(401);
    expect(await status("basic-rfc", id, rfc("mine", "s"))).toBe(200);
    const bad = await fetch(`${server().url}/__credentials/${id}`, { method: "POST", headers: form, body: "client_secret=x" });
    expect(bad.status).toBe(400);
  });
});
