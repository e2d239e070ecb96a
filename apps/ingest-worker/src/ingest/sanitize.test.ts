import { describe, expect, it } from "@jest/globals";
import { jsonText, stripNul } from "./sanitize";

describe("text for Postgres", () => {
  it("drops NUL characters", () => {
    expect(stripNul("a\u0000b")).toBe("ab");
    expect(JSON.parse(jsonText({ text: "a\u0000b" }))).toEqual({ text: "ab" });
  });

  it("replaces lone surrogates, keeps pairs", () => {
    expect(stripNul("cut \ud83d")).toBe("cut \ufffd");
    expect(stripNul("whole \ud83d\ude00")).toBe("whole \ud83d\ude00");
    expect(jsonText({ text: "cut \ud83d", ok: "\ud83d\ude00" })).toBe(
      '{"text":"cut \ufffd","ok":"\ud83d\ude00"}',
    );
  });

  it("keeps the text \\u0000 (a backslash, then u0000) and removes NUL from keys", () => {
    // JSON.stringify writes that text as \\u0000; removing "\u0000" from it would leave a dangling backslash.
    const value = { literal: "\\u0000", both: "\\\u0000", "k\u0000ey": 1 };
    expect(JSON.parse(jsonText(value))).toEqual({ literal: "\\u0000", both: "\\", key: 1 });
  });

  it("replaces lone surrogates in keys too (jsonb refuses them anywhere)", () => {
    expect(JSON.parse(jsonText({ "cut \ud83d": "v" }))).toEqual({ "cut \ufffd": "v" });
  });

  it("keeps the text \\u0000 (a backslash, then u0000), which is no NUL", () => {
    for (const text of ["\\u0000", "a\\\\u0000b", "\\\u0000", "\\\\\u0000x"]) {
      expect(JSON.parse(jsonText({ text }))).toEqual({ text: text.replaceAll("\u0000", "") });
    }
  });
});
