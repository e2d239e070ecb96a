import { describe, expect, it } from "@jest/globals";
import { redactPaths, redactSecretsInString } from "./redact";

describe("redactSecretsInString", () => {
  it.each([
    ["Authorization: Bearer abc.def-ghi_jkl", "Authorization: Bearer [redacted]"],
    [
      "header was 'bearer eyJhbGciOiJIUzI1NiJ9.e30.sig', rejected",
      "header was 'bearer [redacted]', rejected",
    ],
    ["Basic dXNlcjpwYXNzd29yZA==", "Basic [redacted]"],
    ["key cs_live_0123456789abcdefABCDEF0123456789 revoked", "key cs_live_[redacted] revoked"],
    ["Bearer cs_test_0123456789abcdefABCDEF0123456789", "Bearer [redacted]"],
    ["(cs_dev_AbCdEfGhIjKlMnOpQrStUvWxYz012345)", "(cs_dev_[redacted])"],
    ["token csa_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd revoked", "token csa_[redacted] revoked"],
    [
      "connect ECONNREFUSED postgres://app:s3cr3t@db:5432/catsyphon",
      "connect ECONNREFUSED postgres://app:[redacted]@db:5432/catsyphon",
    ],
    [
      "postgresql://app:p@ss@db/catsyphon?sslmode=require",
      "postgresql://app:[redacted]@db/catsyphon?sslmode=require",
    ],
    ["redis://:r3d1s@cache:6379/0", "redis://:[redacted]@cache:6379/0"],
    ['{"url":"postgres://u:p\\"w@h/db","x":"a@b"}', '{"url":"postgres://u:[redacted]@h/db","x":"a@b"}'],
    [
      '{"url":"redis://:pw@cache:6379","email":"ann@example.com"}',
      '{"url":"redis://:[redacted]@cache:6379","email":"ann@example.com"}',
    ],
    [
      "a: postgres://u:one@h/a, b: postgres://v:two@h/b",
      "a: postgres://u:[redacted]@h/a, b: postgres://v:[redacted]@h/b",
    ],
  ])("masks %j", (input, expected) => {
    expect(redactSecretsInString(input)).toBe(expected);
  });

  it.each([
    "Bearer token missing",
    "expected header Authorization: Bearer <key>",
    "postgresql://postgres@127.0.0.1:5432/catsyphon",
    "https://example.com/a:b@c",
    "cs_live_short",
    "plain message with no secrets: 42 events",
  ])("leaves %j alone", (input) => {
    expect(redactSecretsInString(input)).toBe(input);
  });
});

describe("redactPaths", () => {
  it("covers the credential headers and each secret key down to three levels", () => {
    expect(redactPaths).toEqual(
      expect.arrayContaining([
        "req.headers.authorization",
        "req.headers.cookie",
        'req.headers["x-api-key"]',
        'res.headers["set-cookie"]',
        "password",
        "*.password",
        "*.*.password",
        "*.*.*.password",
        "*.*.Authorization",
      ]),
    );
  });
});

describe("redactSecretsInString on JSON lines", () => {
  // Deterministic PRNG so a failure is reproducible.
  function* random(seed: number): Generator<number> {
    let state = seed;
    for (;;) {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      yield state / 2 ** 31;
    }
  }

  it("never breaks JSON, whatever the text around a secret", () => {
    const pieces = [
      '"',
      "\\",
      "@",
      ":",
      "/",
      " ",
      "\n",
      "x",
      "Bearer ",
      "abcdefghij",
      "cs_live_",
      "postgres://u:",
    ];
    const rng = random(42);
    const next = () => rng.next().value as number;
    for (let run = 0; run < 5000; run++) {
      const length = Math.floor(next() * 12);
      const text = Array.from({ length }, () => pieces[Math.floor(next() * pieces.length)]).join("");
      const line = JSON.stringify({ msg: text, other: "@" });
      expect(() => JSON.parse(redactSecretsInString(line))).not.toThrow();
    }
  });
});
