// Probing: Gemini's parsers claim Gemini chat files and nothing else (Claude Code, Codex, plain text).
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

import { describe, expect, it } from "@jest/globals";

import { geminiLegacyParser, geminiParser } from "../src/gemini";
import { fixturePath, readFixture } from "./support";

function filesUnder(folder: string): string[] {
  const root = fixturePath(folder);
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(relative(fixturePath("."), path));
    }
  };
  walk(root);
  return found;
}

const OTHERS = [...filesUnder("claude-code"), ...filesUnder("codex")];

describe("gemini probes", () => {
  it.each(OTHERS)("reject %s", (file) => {
    const head = readFixture(file).subarray(0, 65_536).toString("utf8");
    expect(geminiParser.probe(fixturePath(file), head)).toBe(false);
    expect(geminiLegacyParser.probe(fixturePath(file), head)).toBe(false);
  });

  it("judge a cut head, a path in the chats folder, and garbage without throwing", () => {
    const headerLine =
      '{"sessionId":"s","projectHash":"h","startTime":"2026-01-01T00:00:00Z"}\n{"id":"u1","ty';
    expect(geminiParser.probe("/tmp/x.jsonl", headerLine)).toBe(true);
    expect(geminiParser.probe("/tmp/x.jsonl", headerLine.slice(0, 30))).toBe(false);
    const longHeader = `{"sessionId":"s","projectHash":"h","summary":"${"y".repeat(70_000)}`.slice(0, 65_536);
    expect(geminiParser.probe("/tmp/x.jsonl", longHeader)).toBe(true);
    expect(geminiParser.probe("/home/u/.gemini/tmp/abc/chats/parent/child.jsonl", "")).toBe(true);
    expect(geminiParser.probe("/tmp/x.json", headerLine)).toBe(false);
    expect(geminiParser.probe("/tmp/x.jsonl", '{"sessionId":"s","type":"user"}\n')).toBe(false);
    expect(geminiParser.probe("/tmp/x.jsonl", "\u0000\u0001garbage{")).toBe(false);
    expect(geminiLegacyParser.probe("/home/u/.gemini/tmp/abc/chats/session-1.json", "{")).toBe(true);
    expect(geminiLegacyParser.probe("/tmp/a.json", '{"lastUpdated":"x","messages":[{"type":"gemini"')).toBe(
      true,
    );
    expect(geminiLegacyParser.probe("/tmp/a.json", '{"name":"pkg","version":"1.0.0"}')).toBe(false);
    expect(geminiLegacyParser.probe("/tmp/a.json", '[{"messages":[]}]')).toBe(false);
  });
});
