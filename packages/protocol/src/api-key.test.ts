import { describe, expect, it } from "@jest/globals";

import {
  apiKeyPrefix,
  apiKeyPrefixSchema,
  apiKeySchema,
  bearerToken,
  formatApiKey,
  isApiKey,
} from "./api-key";

const random = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";

describe("API keys", () => {
  it("formats and recognizes keys of each environment", () => {
    for (const env of ["live", "test", "dev"] as const) {
      const key = formatApiKey(env, random);
      expect(key).toBe(`cs_${env}_${random}`);
      expect(isApiKey(key)).toBe(true);
      expect(apiKeySchema.safeParse(key).success).toBe(true);
    }
  });

  it.each([
    ["an unknown environment", `cs_prod_${random}`],
    ["a short random part", `cs_live_${random.slice(1)}`],
    ["a long random part", `cs_live_${random}x`],
    ["a symbol", `cs_live_${random.slice(1)}-`],
    ["surrounding space", ` cs_live_${random}`],
  ])("rejects %s", (_label, key) => {
    expect(isApiKey(key)).toBe(false);
  });

  it("refuses to format a bad random part", () => {
    expect(() => formatApiKey("live", "short")).toThrow();
  });

  it("derives the displayable prefix", () => {
    const prefix = apiKeyPrefix(`cs_live_${random}`);
    expect(prefix).toBe("cs_live_AbCdEfGh");
    expect(apiKeyPrefixSchema.safeParse(prefix).success).toBe(true);
    expect(() => apiKeyPrefix("nope")).toThrow();
  });
});

describe("bearerToken", () => {
  it.each([
    [`Bearer cs_live_${random}`, `cs_live_${random}`],
    [`bearer   tok `, "tok"],
    ["Basic abc", undefined],
    ["Bearer", undefined],
    ["Bearer a b", undefined],
    ["", undefined],
    [undefined, undefined],
  ])("%j -> %j", (header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });
});
