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

  it("keeps the text \\u0000 (a backslash, then u0000), which is no NUL", () => {
    for (const text of ["\\u0000", "a\\\\u0000b", "\\\u0000", "\\\\\u0000x"]) {
      expect(JSON.parse(jsonText({ text }))).toEqual({ text: text.replaceAll("\u0000", "") });
    }
  });
});
