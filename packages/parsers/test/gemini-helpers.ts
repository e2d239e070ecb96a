// Shared by the Gemini parser tests: a summary of a parse (counts, ids, token sums) and JSONL builders.
import { parseWholeFile } from "../src/run";
import { type AgentLogParser, type Json, type ParsedEvent, type SourceFile } from "../src/types";

export interface Summary {
  sessionId: string | null;
  parentSessionId: string | undefined;
  types: string[];
  prompts: string[];
  callerPrompts: string[];
  responses: number;
  toolCallIds: string[];
  toolResults: Record<string, boolean>;
  thinking: number;
  tokens: { input: number; output: number; cacheRead: number };
  metadata: Record<string, unknown>[];
  warnings: string[];
  events: ParsedEvent[];
}

export function summarize<S extends Json>(
  parser: AgentLogParser<S>,
  bytes: Uint8Array,
  file: SourceFile,
): Summary {
  const parsed = parseWholeFile(parser, bytes, file);
  const summary: Summary = {
    sessionId: parsed.checkpoint.session?.sessionId ?? null,
    parentSessionId: parsed.checkpoint.session?.parentSessionId,
    types: parsed.events.map((event) => event.type),
    prompts: [],
    callerPrompts: [],
    responses: 0,
    toolCallIds: [],
    toolResults: {},
    thinking: 0,
    tokens: { input: 0, output: 0, cacheRead: 0 },
    metadata: [],
    warnings: parsed.warnings.map((warning) => `${warning.line}:${warning.kind}`),
    events: parsed.events,
  };
  for (const event of parsed.events) {
    if (event.type === "message" && event.data.message_type === "prompt") {
      if (event.data.author_role === "human") summary.prompts.push(event.data.content);
      if (event.data.author_role === "caller") summary.callerPrompts.push(event.data.content);
    }
    if (event.type === "message" && event.data.message_type === "response") {
      summary.responses += 1;
      summary.tokens.input += event.data.token_usage?.input_tokens ?? 0;
      summary.tokens.output += event.data.token_usage?.output_tokens ?? 0;
      summary.tokens.cacheRead += event.data.token_usage?.cache_read_tokens ?? 0;
    }
    if (event.type === "tool_call") summary.toolCallIds.push(event.data.tool_use_id ?? "");
    if (event.type === "tool_result") summary.toolResults[event.data.tool_use_id ?? ""] = event.data.success;
    if (event.type === "thinking") summary.thinking += 1;
    if (event.type === "metadata") summary.metadata.push(event.data);
  }
  return summary;
}

/** JSONL text of records, one a line, ending with a newline. */
export function jsonl(...records: unknown[]): Buffer {
  return Buffer.from(records.map((record) => JSON.stringify(record)).join("\n") + "\n");
}

export const CHATS = "/home/dev/.gemini/tmp/0b7dfb12/chats";

export function header(sessionId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sessionId,
    projectHash: "0b7dfb1274ee51b336813b17f2ddab1f56b6591f723e7314126bbd502c69e9c9",
    startTime: "2026-05-01T10:00:00.000Z",
    lastUpdated: "2026-05-01T10:00:00.000Z",
    kind: "main",
    ...extra,
  };
}

export function user(id: string, second: number, text: string): Record<string, unknown> {
  return { id, timestamp: at(second), type: "user", content: [{ text }] };
}

export function gemini(
  id: string,
  second: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    timestamp: at(second),
    type: "gemini",
    content: "",
    thoughts: [],
    model: "gemini-2.5-pro",
    ...extra,
  };
}

export function at(second: number): string {
  return new Date(Date.UTC(2026, 4, 1, 10, 0, 0) + second * 1000).toISOString();
}
