// Shared by the Claude Code tests: parsing a fixture whole, and a summary of its events to assert on.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { claudeCodeParser } from "../src/claude-code";
import { parseWholeFile } from "../src/run";
import { type ParsedEvent, type SourceFile } from "../src/types";

// Not from ./support: that module needs the Jest environment, and this one is also used by scripts.
function fixturePath(relative: string): string {
  return resolve(__dirname, "fixtures", relative);
}

/** The file as the watcher would pass it: with its `.meta.json` sidecar when there is one. */
export function sourceOf(relative: string): SourceFile {
  const path = fixturePath(`claude-code/${relative}`);
  const meta = path.replace(/\.jsonl$/, ".meta.json");
  try {
    return { path, sidecars: { [meta]: readFileSync(meta, "utf8") } };
  } catch {
    return { path };
  }
}

export function parseFixture(relative: string) {
  const file = sourceOf(relative);
  const bytes = readFileSync(file.path);
  return { file, bytes, ...parseWholeFile(claudeCodeParser, bytes, file) };
}

type Data = Record<string, unknown>;

function dataOf(event: ParsedEvent): Data {
  return event.data as Data;
}

export interface Summary {
  sessionId: string | undefined;
  parentSessionId: string | undefined;
  humanPrompts: number;
  callerPrompts: number;
  responses: number;
  toolCalls: string[];
  toolResults: string[];
  failedToolResults: number;
  errors: string[];
  compactions: number;
  tokens: { input: number; output: number; cacheRead: number; cacheCreation: number };
}

export function summarize(
  events: ParsedEvent[],
  session: { sessionId: string; parentSessionId?: string } | null,
): Summary {
  const messages = events.filter((event) => event.type === "message").map(dataOf);
  const tokens = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 };
  for (const message of messages) {
    const usage = message.token_usage as Record<string, number> | undefined;
    if (usage === undefined) continue;
    tokens.input += usage.input_tokens ?? 0;
    tokens.output += usage.output_tokens ?? 0;
    tokens.cacheRead += usage.cache_read_tokens ?? 0;
    tokens.cacheCreation += usage.cache_creation_tokens ?? 0;
  }
  const ofType = (type: ParsedEvent["type"]) => events.filter((event) => event.type === type).map(dataOf);
  return {
    sessionId: session?.sessionId,
    parentSessionId: session?.parentSessionId,
    humanPrompts: messages.filter((m) => m.message_type === "prompt" && m.author_role === "human").length,
    callerPrompts: messages.filter((m) => m.message_type === "prompt" && m.author_role === "caller").length,
    responses: messages.filter((m) => m.message_type === "response" && m.continuation !== true).length,
    toolCalls: ofType("tool_call").map((d) => String(d.tool_use_id)),
    toolResults: ofType("tool_result").map((d) => String(d.tool_use_id)),
    failedToolResults: ofType("tool_result").filter((d) => d.success === false).length,
    errors: ofType("error").map((d) => String(d.error_type)),
    compactions: ofType("metadata").filter((d) => d.compaction !== undefined).length,
    tokens,
  };
}
