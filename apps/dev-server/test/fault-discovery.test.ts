import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { useFaultServer, uid } from "./fault-helpers.ts";

const { server } = useFaultServer();

const get = (url: string) => fetch(url, { redirect: "manual" });

/** A GET with a Host header of our choosing (fetch cannot set it), to reach the "other origin" on loopback. */
function getWithHost(url: string, host: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { host } }, (res) => {
      let text = "";
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    })
      .on("error", reject)
      .end();
  });
}

describe("discovery behind a redirect", () => {
  it("discovery-trailing-slash: both metadata URLs answer 301 to themselves with a `/`, where the metadata is", async () => {
    const id = uid();
    const issuer = `${server().url}/discovery-trailing-slash/${id}`;
    for (const url of [`${issuer}/.well-known/openid-configuration`, `${server().url}/.well-known/oauth-authorization-server/discovery-trailing-slash/${id}`]) {
      const moved = await get(url);
      expect([moved.status, moved.headers.get("location")]).toEqual([301, `${url}/`]);
      const found = await get(`${url}/`);
      expect(found.status).toBe(200);
      expect(await found.json()).toMatchObject({ issuer, token_endpoint: `${server().url}/ok/${id}` });
    }
    expect(server().count("discovery-trailing-slash", id)).toBe(4);
  });

  it("a client that follows the redirect gets a token from the endpoint the metadata names", async () => {
    const id = uid();
    const found = await fetch(`${server().url}/discovery-trailing-slash/${id}/.well-known/openid-configuration`);
    const { token_endpoint } = (await found.json()) as { token_endpoint: string };
    const token = await fetch(token_endpoint, { method: "POST", body: new URLSearchParams({ grant_type: "client_credentials" }) });
    expect(await token.json()).toMatchObject({ access_token: "tok-1" });
    expect(server().count("ok", id)).toBe(1);
  });

  it("discovery-cross-origin redirects to http://localhost:<port>, which serves metadata for the original issuer", async () => {
    const id = uid();
    const issuer = `${server().url}/discovery-cross-origin/${id}`;
    const moved = await get(`${issuer}/.well-known/openid-configuration`);
    expect(moved.status).toBe(301);
    const location = new URL(moved.headers.get("location")!);
    expect(location.origin).not.toBe(server().url);
    expect(location.hostname).toBe("localhost");
    expect(location.pathname).toBe(`/discovery-cross-origin/${id}/.well-known/openid-configuration`);
    const followed = await getWithHost(`${server().url}${location.pathname}`, location.host);
    expect(followed).toMatchObject({ status: 200, body: { issuer, token_endpoint: `${server().url}/ok/${id}` } });
  });

  it("the issuer itself is not metadata", async () => {
    expect((await get(`${server().url}/discovery-trailing-slash/${uid()}`)).status).toBe(404);
  });

  it("every other scenario answers discovery requests too, counted under its id (hang, html, ...)", async () => {
    const id = uid();
    const res = await get(`${server().url}/.well-known/oauth-authorization-server/html/${id}`);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(server().count("html", id)).toBe(1);
  });
});
