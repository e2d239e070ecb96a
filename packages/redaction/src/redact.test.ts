import { describe, expect, it } from "@jest/globals";

import { redactJson, redactText } from "./redact";

describe("secret redaction", () => {
  const cases: Array<[string, string, string]> = [
    [
      "anthropic",
      "key sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz012345 end",
      "key [REDACTED:anthropic_key] end",
    ],
    ["openai", "OPENAI sk-proj-AbCdEfGhIjKlMnOpQrStUvWx here", "OPENAI [REDACTED:openai_key] here"],
    ["github", "token ghp_abcdefghijklmnopqrstuvwxyz0123456789AB", "token [REDACTED:github_token]"],
    ["aws id", "id AKIAIOSFODNN7EXAMPLE.", "id [REDACTED:aws_access_key_id]."],
    ["bearer", "Authorization: Bearer abcdefghijklmnop1234", "Authorization: Bearer [REDACTED:bearer_token]"],
    [
      "env assignment",
      "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "AWS_SECRET_ACCESS_KEY=[REDACTED:secret_assignment]",
    ],
    ["quoted", 'DB_PASSWORD: "hunter2hunter2"', 'DB_PASSWORD: "[REDACTED:secret_assignment]"'],
    ["catsyphon", "cs_live_ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", "[REDACTED:catsyphon_key]"],
    [
      "catsyphon api token",
      "token csa_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn here",
      "token [REDACTED:catsyphon_api_token] here",
    ],
  ];
  it.each(cases)("replaces %s secrets", (_name, input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it("replaces a whole private key block", () => {
    const text =
      "before\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\nAAAA\n-----END OPENSSH PRIVATE KEY-----\nafter";
    expect(redactText(text)).toBe("before\n[REDACTED:private_key]\nafter");
  });

  it("leaves ordinary code and prose alone", () => {
    const text =
      "const apiKey: string = config.apiKey;\nfunction getToken() { return session.token; }\npassword reset flow";
    expect(redactText(text)).toBe(text);
  });

  it("is stable: redacting twice gives the same text", () => {
    for (const [, input] of cases) expect(redactText(redactText(input))).toBe(redactText(input));
  });

  it("walks JSON values (tool parameters and results)", () => {
    expect(
      redactJson({
        command: "export GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789AB",
        n: 3,
        list: ["x"],
      }),
    ).toEqual({
      command: "export GITHUB_TOKEN=[REDACTED:github_token]",
      n: 3,
      list: ["x"],
    });
  });

  it("keeps a `__proto__` key as a key (as JSON.parse made it), redacted, without touching the prototype", () => {
    const value = JSON.parse(
      '{"__proto__": {"token": "ghp_abcdefghijklmnopqrstuvwxyz0123456789AB"}, "a": 1}',
    ) as Record<string, unknown>;
    const redacted = redactJson(value);
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
    expect(JSON.stringify(redacted)).toBe('{"__proto__":{"token":"[REDACTED:github_token]"},"a":1}');
  });
});
