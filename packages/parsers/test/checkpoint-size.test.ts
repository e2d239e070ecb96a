// A long session does not make the checkpoint grow: the ids a parser remembers are bounded, whatever the length
// of the file (the watcher keeps a checkpoint per file).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "@jest/globals";

import { claudeCodeParser } from "../src/claude-code";
import { MAX_LINEAGE, MAX_SEEN_RESPONSES } from "../src/claude-code/state";
import { codexParser } from "../src/codex";
import { geminiParser } from "../src/gemini";
import { parseInPieces } from "../src/run";
import { CHATS, gemini, header, jsonl, user } from "./gemini-helpers";
import { fixturePath } from "./support";

/** The fixture lines of a format repeated `copies` times, each copy with its own ids (as bench:parse does). */
function repeatedFixtures(folder: string, copies: number): Buffer {
  const lines: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith(".jsonl")) lines.push(...readFileSync(path, "utf8").split("\n").filter(Boolean));
    }
  };
  walk(fixturePath(folder));
  const out: string[] = [];
  for (let copy = 0; copy < copies; copy++) {
    for (const line of lines) {
      out.push(line.replaceAll(/"(id|uuid|call_id|tool_use_id)":"([^"]*)"/g, `"$1":"$2-${copy}"`));
    }
  }
  return Buffer.from(`${out.join("\n")}\n`);
}

/** Cuts every `step` bytes: the file parsed as a watcher reading it in chunks would. */
function cutsEvery(bytes: Buffer, step: number): number[] {
  const cuts: number[] = [];
  for (let cut = step; cut < bytes.length; cut += step) cuts.push(cut);
  return cuts;
}

const MAX_CHECKPOINT_BYTES = 100 * 1024;

describe("checkpoints stay small on long sessions", () => {
  it("Claude Code: the response keys kept are bounded", () => {
    const bytes = repeatedFixtures("claude-code", 50);
    const file = { path: "/home/u/.claude/projects/p/long.jsonl" };
    const { checkpoint } = parseInPieces(claudeCodeParser, bytes, cutsEvery(bytes, 256 * 1024), file);
    // More responses than that were read: the oldest keys were dropped.
    expect(checkpoint.state.seenResponses.length).toBe(MAX_SEEN_RESPONSES);
    // The parentUuid tree read for rewinds keeps only the latest lines.
    const { lineage } = checkpoint.state;
    expect(Object.keys(lineage.older).length).toBe(MAX_LINEAGE);
    expect(Object.keys(lineage.recent).length).toBe(lineage.size);
    expect(lineage.size).toBeLessThan(MAX_LINEAGE);
    expect(JSON.stringify(checkpoint).length).toBeLessThan(MAX_CHECKPOINT_BYTES);
  });

  it("Codex CLI", () => {
    const bytes = repeatedFixtures("codex", 40);
    const file = { path: "/home/u/.codex/sessions/2026/01/01/rollout-long.jsonl" };
    const { checkpoint } = parseInPieces(codexParser, bytes, cutsEvery(bytes, 256 * 1024), file);
    expect(JSON.stringify(checkpoint).length).toBeLessThan(MAX_CHECKPOINT_BYTES);
  });

  it("Gemini CLI: the message ids kept are bounded", () => {
    const records: unknown[] = [header("long-session")];
    for (let turn = 0; turn < 1000; turn++) {
      records.push(user(`u${turn}`, 2 * turn, `step ${turn}`), gemini(`g${turn}`, 2 * turn + 1));
    }
    const bytes = jsonl(...records);
    const { checkpoint } = parseInPieces(geminiParser, bytes, cutsEvery(bytes, 16 * 1024), {
      path: `${CHATS}/session-long.jsonl`,
    });
    expect(checkpoint.state.recent.length).toBe(512);
    expect(JSON.stringify(checkpoint).length).toBeLessThan(MAX_CHECKPOINT_BYTES);
  });
});
