import { describe, expect, it } from "vitest";
import { challengeParams } from "../src/www-authenticate.ts";

describe("challengeParams", () => {
  it.each([
    ['DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"', "use_dpop_nonce"],
    ['dpop error=use_dpop_nonce', "use_dpop_nonce"],
    ['Bearer realm="api", DPoP algs="ES256 PS256", error="use_dpop_nonce"', "use_dpop_nonce"],
    ['Basic realm="x", DPoP error="use_dpop_nonce"', "use_dpop_nonce"],
    ['Basic dXNlcjpwYXNz, DPoP error="use_dpop_nonce"', "use_dpop_nonce"],
    ['Bearer, DPoP error="use_dpop_nonce"', "use_dpop_nonce"],
    ['DPoP error_description="say \\"error=x\\", please", error="invalid_token"', "invalid_token"],
    ['DPoP error="a\\\\b"', "a\\b"],
  ])("finds the DPoP error in %s", (header, error) => {
    expect(challengeParams(header, "DPoP")?.get("error")).toBe(error);
  });

  it.each([
    ['Bearer error="use_dpop_nonce"'],
    ['Bearer error="invalid_token", error_description="DPoP error=use_dpop_nonce"'],
    ['DPoPX error="use_dpop_nonce"'],
    [""],
  ])("finds no DPoP challenge error in %s", (header) => {
    expect(challengeParams(header, "DPoP")?.get("error")).toBeUndefined();
  });

  it("takes the DPoP challenge's parameters, not the next challenge's", () => {
    expect(challengeParams('DPoP algs="ES256", Bearer error="invalid_token"', "DPoP")).toEqual(new Map([["algs", "ES256"]]));
    expect(challengeParams('DPoP, Bearer error="invalid_token"', "DPoP")).toEqual(new Map());
  });
});
