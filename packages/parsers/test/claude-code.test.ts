// Claude Code parser: per-fixture expectations (prompts, responses, tool ids, token sums, identity, warnings)
// and the whole-file == appended-pieces property on every fixture.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

import { describe, expect, it } from "@jest/globals";

import { claudeCodeParser } from "../src/claude-code";
import { EXPECTED } from "./claude-code-expectations";
import { parseFixture, summarize } from "./claude-code-support";
import { expectSameEventsInPieces, fixturePath } from "./support";

function fixtures(): string[] {
  const root = fixturePath("claude-code");
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return walk(root)
    .filter((path) => path.endsWith(".jsonl"))
    .map((path) => relative(root, path).split("\\").join("/"))
    .sort();
}

describe("claude code fixtures", () => {
  it("has an expectation for every fixture file", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(fixtures());
  });

  it.each(Object.entries(EXPECTED))("%s gives the expected events", (name, expected) => {
    const parsed = parseFixture(name);
    const summary = summarize(parsed.events, parsed.checkpoint.session);
    expect({
      ...summary,
      events: parsed.events.length,
      warnings: parsed.warnings.length,
      unknown: parsed.checkpoint.stats.unknownTypes,
    }).toEqual(expected);
    if (parsed.events.length > 0) {
      expect(parsed.events[0]?.type).toBe("session_start");
      expect(parsed.events.filter((event) => event.type === "session_start")).toHaveLength(1);
    }
  });

  it.each(fixtures())("%s parses the same whole or in appended pieces", (name) => {
    const parsed = parseFixture(name);
    expectSameEventsInPieces(claudeCodeParser, parsed.bytes, parsed.file, 25);
  });
});
