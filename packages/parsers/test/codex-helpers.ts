// Helpers of the Codex parser tests: parse a fixture and summarise what the server would count.
import { codexParser } from "../src/codex";
import { parseWholeFile } from "../src/run";
import { type ParsedEvent } from "../src/types";
import { fixturePath, readFixture } from "./support";

export type Data = Record<string, unknown>;

export function dataOf(event: ParsedEvent): Data {
  return event.data as Data;
}

export function parseFixture(relative: string) {
  const path = fixturePath(`codex/${relative}`);
  const bytes = readFixture(`codex/${relative}`);
  const parsed = parseWholeFile(codexParser, bytes, { path });
  return { ...parsed, path, bytes, summary: summarize(parsed.events) };
}

export function parseText(text: string, path = "/home/u/.codex/sessions/2026/01/01/rollout-x.jsonl") {
  const parsed = parseWholeFile(codexParser, Buffer.from(text), { path });
  return { ...parsed, summary: summarize(parsed.events) };
}

function ofType(events: ParsedEvent[], type: ParsedEvent["type"]): Data[] {
  return events.filter((event) => event.type === type).map(dataOf);
}

export function summarize(events: ParsedEvent[]) {
  const messages = ofType(events, "message");
  const prompts = messages.filter((m) => m.message_type === "prompt");
  const responses = messages.filter((m) => m.message_type === "response");
  const tokens = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 };
  for (const message of messages) {
    const usage = message.token_usage as Record<string, number> | undefined;
    if (usage === undefined) continue;
    tokens.input += usage.input_tokens ?? 0;
    tokens.output += usage.output_tokens ?? 0;
    tokens.cacheRead += usage.cache_read_tokens ?? 0;
    tokens.cacheCreation += usage.cache_creation_tokens ?? 0;
  }
  const metadata = ofType(events, "metadata");
  return {
    start: events[0]?.type === "session_start" ? dataOf(events[0]) : undefined,
    humanPrompts: prompts.filter((m) => m.author_role === "human").map((m) => m.content),
    callerPrompts: prompts.filter((m) => m.author_role === "caller").map((m) => m.content),
    responses: responses.map((m) => m.content),
    contexts: messages.filter((m) => m.message_type === "context").map((m) => m.content),
    thinking: ofType(events, "thinking").map((t) => t.content),
    toolCalls: ofType(events, "tool_call"),
    toolCallIds: ofType(events, "tool_call").map((t) => t.tool_use_id),
    toolResults: ofType(events, "tool_result"),
    errors: ofType(events, "error"),
    compactions: metadata.filter((m) => m.compaction !== undefined).map((m) => m.compaction as Data),
    metadata,
    tokens,
  };
}
