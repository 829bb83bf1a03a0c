import assert from "node:assert/strict";
import { INVALID_OPTIONS, OAuthError, OccError } from "@occ/core";
import { createClient } from "../src/index.ts";
import { countingTokenRequests, faultUrl, renderings, server, thrown, withEnv, withKv } from "./helpers.ts";

const ALL_UNSET = {
  OAUTH_TOKEN_URL: undefined,
  OAUTH_ISSUER: undefined,
  OAUTH_CLIENT_ID: undefined,
  OAUTH_CLIENT_SECRET: undefined,
  OAUTH_SCOPE: undefined,
  OAUTH_AUDIENCE: undefined,
  OAUTH_RESOURCE: undefined,
  OAUTH_AUTH_METHOD: undefined,
};
const fromEnv = {
  ...ALL_UNSET,
  OAUTH_TOKEN_URL: server.tokenUrl,
  OAUTH_CLIENT_ID: server.clientId,
  OAUTH_CLIENT_SECRET: server.clientSecret,
};
const SECRET_MARKER = "marker-secret-Zq7/+%";

/** The claims of a JWT access token, to see what the real server granted. */
function claims(accessToken: string): Record<string, unknown> {
  const payload = accessToken.split(".")[1] ?? "";
  return JSON.parse(atob(payload.replaceAll("-", "+").replaceAll("_", "/")));
}

async function invalidOptions(fn: () => unknown): Promise<OccError> {
  const error = await thrown(fn);
  assert.ok(error instanceof OccError, `expected an OccError, got ${error}`);
  assert.equal(error.code, INVALID_OPTIONS);
  return error;
}

Deno.test("createClient() is configured entirely from OAUTH_* variables", async () => {
  await withEnv(fromEnv, async () => {
    const { requests, result } = await countingTokenRequests(() => createClient().getToken());
    assert.equal(requests, 1);
    assert.equal(result.tokenType, "Bearer");
  });
});

Deno.test("OAUTH_ISSUER discovers the token endpoint", async () => {
  await withEnv({ ...fromEnv, OAUTH_TOKEN_URL: undefined, OAUTH_ISSUER: server.issuer }, async () => {
    const events: string[] = [];
    await createClient({ onEvent: (event) => events.push(event.type) }).getToken();
    assert.ok(events.includes("discovered"));
  });
});

Deno.test("OAUTH_SCOPE, OAUTH_AUDIENCE and OAUTH_AUTH_METHOD reach the token request", async () => {
  const audience = "https://api.example.test/";
  await withEnv(
    {
      ...fromEnv,
      OAUTH_SCOPE: "read:data",
      OAUTH_AUDIENCE: audience,
      OAUTH_AUTH_METHOD: "client_secret_basic",
    },
    async () => {
      const token = await createClient().getToken();
      assert.equal(token.scope, "read:data");
      assert.equal(claims(token.accessToken).aud, audience);
    },
  );
});

Deno.test("OAUTH_RESOURCE sets the RFC 8707 resource", async () => {
  const resource = "https://resource.example.test/";
  await withEnv({ ...fromEnv, OAUTH_RESOURCE: resource }, async () => {
    assert.equal(claims((await createClient().getToken()).accessToken).aud, resource);
  });
});

Deno.test("OAUTH_AUTH_METHOD selects how the client authenticates", async () => {
  async function lastTokenRequest(id: string, method: string | undefined) {
    await withEnv({ ...fromEnv, OAUTH_TOKEN_URL: `${faultUrl}/ok/${id}`, OAUTH_AUTH_METHOD: method }, async () => {
      await createClient().getToken();
    });
    const response = await fetch(`${faultUrl}/__last/ok/${id}`);
    return (await response.json()) as { headers: Record<string, string>; body: string };
  }
  const post = await lastTokenRequest("env-auth-method-post", "client_secret_post");
  assert.equal(post.headers.authorization, undefined);
  assert.equal(new URLSearchParams(post.body).get("client_secret"), server.clientSecret);
  const basic = await lastTokenRequest("env-auth-method-default", undefined);
  assert.match(basic.headers.authorization ?? "", /^Basic /);
  assert.equal(new URLSearchParams(basic.body).get("client_secret"), null);
});

Deno.test("explicit options win over the environment", async () => {
  await withEnv(
    { ...fromEnv, OAUTH_TOKEN_URL: "http://127.0.0.1:9/never", OAUTH_CLIENT_ID: "someone-else", OAUTH_SCOPE: "write:data" },
    async () => {
      const token = await createClient({ tokenUrl: server.tokenUrl, clientId: server.clientId, scope: "read:data" })
        .getToken();
      assert.equal(token.scope, "read:data");
    },
  );
});

Deno.test("empty variables count as unset", async () => {
  await withEnv({ ...fromEnv, OAUTH_SCOPE: "", OAUTH_AUDIENCE: "", OAUTH_CLIENT_ID: "" }, async () => {
    const error = await invalidOptions(() => createClient());
    assert.match(error.message, /OAUTH_CLIENT_ID/);
  });
});

Deno.test("one error names every missing variable, and only missing ones", async () => {
  await withEnv(ALL_UNSET, async () => {
    const error = await invalidOptions(() => createClient());
    for (const name of ["OAUTH_TOKEN_URL", "OAUTH_ISSUER", "OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET"]) {
      assert.ok(error.message.includes(name), `${name} in: ${error.message}`);
    }
    assert.ok(!error.message.includes("OAUTH_SCOPE"));
  });
  await withEnv({ ...ALL_UNSET, OAUTH_CLIENT_ID: "id" }, async () => {
    const error = await invalidOptions(() => createClient({ issuer: server.issuer }));
    assert.ok(error.message.includes("OAUTH_CLIENT_SECRET"));
    assert.ok(!error.message.includes("OAUTH_CLIENT_ID"));
    assert.ok(!error.message.includes("OAUTH_TOKEN_URL"));
  });
});

Deno.test("no secret is needed for the none and private_key_jwt methods", async () => {
  await withEnv({ ...ALL_UNSET, OAUTH_TOKEN_URL: server.tokenUrl, OAUTH_CLIENT_ID: "public" }, () => {
    createClient({ authMethod: "none" });
    createClient({ authMethod: "private_key_jwt", clientAssertion: () => "assertion" });
  });
  await withEnv({ ...ALL_UNSET, OAUTH_TOKEN_URL: server.tokenUrl, OAUTH_CLIENT_ID: "public", OAUTH_AUTH_METHOD: "none" }, () => {
    createClient();
  });
});

Deno.test("OAUTH_TOKEN_URL and OAUTH_ISSUER together are refused", async () => {
  await withEnv({ ...fromEnv, OAUTH_ISSUER: server.issuer }, async () => {
    const error = await invalidOptions(() => createClient());
    assert.match(error.message, /only one of OAUTH_TOKEN_URL and OAUTH_ISSUER/);
  });
});

// The wording of env errors is core's (optionsFromEnv, tested there); this checks Deno's reader reaches it.
Deno.test("an unknown OAUTH_AUTH_METHOD is refused, naming the variable", async () => {
  await withEnv({ ...fromEnv, OAUTH_AUTH_METHOD: "client_secret_jwt-oops" }, async () => {
    const error = await invalidOptions(() => createClient());
    assert.match(error.message, /OAUTH_AUTH_METHOD/);
  });
});

Deno.test("the secret from OAUTH_CLIENT_SECRET never appears in errors", async () => {
  await withEnv({ ...ALL_UNSET, OAUTH_CLIENT_SECRET: SECRET_MARKER }, async () => {
    const error = await invalidOptions(() => createClient());
    assert.ok(!renderings(error).includes(SECRET_MARKER));
  });
  await withEnv({ ...fromEnv, OAUTH_CLIENT_SECRET: SECRET_MARKER }, async () => {
    const client = createClient();
    const error = await thrown(() => client.getToken());
    assert.ok(error instanceof OAuthError, `expected invalid_client, got ${error}`);
    assert.equal(error.error, "invalid_client");
    for (const text of [renderings(error), renderings(client)]) {
      assert.ok(!text.includes(SECRET_MARKER));
      assert.ok(!text.includes(encodeURIComponent(SECRET_MARKER)));
    }
  });
});

Deno.test("a bare KV-like object is refused as a store: it must come from denoKvStore() or defineStore()", async () => {
  await withEnv(fromEnv, async () => {
    const error = await invalidOptions(() => createClient({ store: { get() {}, set() {}, delete() {} } as never }));
    assert.match(error.message, /defineStore\(\)/);
  });
});
