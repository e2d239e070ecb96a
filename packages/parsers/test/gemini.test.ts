// Gemini CLI fixtures: what each file must give (prompts, responses, tool calls and results, thinking, tokens,
// session id), and the same events when the file arrives in pieces.
import { describe, expect, it } from "@jest/globals";

import { geminiLegacyParser, geminiParser } from "../src/gemini";
import { type Json } from "../src/types";
import { type AgentLogParser } from "../src/types";
import { summarize } from "./gemini-helpers";
import { expectSameEventsInPieces, fixturePath, readFixture } from "./support";

function fixture(relative: string) {
  const parser: AgentLogParser<Json> = (
    relative.endsWith(".json") ? geminiLegacyParser : geminiParser
  ) as never;
  const path = fixturePath(relative);
  return { parser, bytes: readFixture(relative), file: { path } };
}

function summaryOf(relative: string) {
  const { parser, bytes, file } = fixture(relative);
  return summarize(parser, bytes, file);
}

const FIXTURES = [
  "gemini/agent-sessions/jsonl_v040.jsonl",
  "gemini/agent-sessions/large.json",
  "gemini/agent-sessions/small.json",
  "gemini/agentsview/standard_session.json",
  "gemini/agentsview/system_messages.json",
  "gemini/agentsview/thinking_only.json",
  "gemini/agentsview/tool_calls.json",
  "gemini/agentsview/tool_calls_with_results.json",
];

describe("gemini fixtures", () => {
  it("jsonl_v040.jsonl: header, parts prompt, $set, tool call with result, tokens net of cache", () => {
    const s = summaryOf("gemini/agent-sessions/jsonl_v040.jsonl");
    expect(s.sessionId).toBe("gemini_stage0_jsonl");
    expect(s.parentSessionId).toBeUndefined();
    expect(s.types).toEqual(["session_start", "message", "message", "tool_call", "tool_result", "message"]);
    expect(s.prompts).toEqual(["Say hello and list files."]);
    expect(s.responses).toBe(2);
    expect(s.toolCallIds).toEqual(["run_shell_command_stage0"]);
    expect(s.toolResults).toEqual({ run_shell_command_stage0: true });
    expect(s.thinking).toBe(0);
    // input 11855 + (12069 - 11502 cached); output 81 + 147; cached 11502.
    expect(s.tokens).toEqual({ input: 11855 + 567, output: 228, cacheRead: 11502 });
    expect(s.metadata).toEqual([]); // the only $set is lastUpdated
    expect(s.warnings).toEqual([]);
    const start = s.events[0];
    expect(start?.emitted_at).toBe("2026-04-29T21:39:22.319Z");
    expect(start?.data).toMatchObject({
      agent_type: "gemini",
      agent_version: "unknown",
      kind: "main",
      project_hash: "0b7dfb1274ee51b336813b17f2ddab1f56b6591f723e7314126bbd502c69e9c9",
    });
    const call = s.events.find((event) => event.type === "tool_call");
    expect(call?.data).toMatchObject({
      tool_name: "run_shell_command",
      parameters: { command: "ls -F", description: "List files in the current directory." },
      message_id: "g-assistant-1",
    });
    const result = s.events.find((event) => event.type === "tool_result");
    expect(result?.data).toMatchObject({
      result: "Output: AgentSessions/\nREADME.md\nProcess Group PGID: 12345",
    });
    expect(result?.emitted_at).toBe("2026-04-29T21:39:35.364Z");
    const response = s.events.find((event) => event.type === "message" && event.sequence === 6);
    expect(response?.data).toMatchObject({
      model: "gemini-3-flash-preview",
      content: "Hello! I listed the files.",
      token_usage: {
        input_tokens: 567,
        output_tokens: 147,
        cache_read_tokens: 11502,
        cache_creation_tokens: 0,
        thoughts_tokens: 0,
        tool_tokens: 0,
      },
    });
  });

  it("large.json: two shell calls, info notice, legacy `model` messages with parts", () => {
    const s = summaryOf("gemini/agent-sessions/large.json");
    expect(s.sessionId).toBe("session-2025-12-16T23-47-b4f17607");
    expect(s.prompts).toEqual(["Run a command", "Step 1"]);
    expect(s.responses).toBe(4); // m2, m2b, m4 (model), m6 (model)
    expect(s.toolCallIds).toEqual(["run_shell_command-1", "run_shell_command-2"]);
    // The CLI reports the failing `ls` with status success (exit code 1 is in the output): kept as reported.
    expect(s.toolResults).toEqual({ "run_shell_command-1": true, "run_shell_command-2": true });
    expect(s.thinking).toBe(1);
    expect(s.tokens).toEqual({ input: 100, output: 10, cacheRead: 0 });
    expect(s.events[0]?.data).toMatchObject({ model: "gmini-pro", kind: "chat" });
    const contexts = s.events.filter(
      (event) => event.type === "message" && event.data.message_type === "context",
    );
    expect(contexts.map((event) => event.data)).toEqual([
      {
        author_role: "system",
        message_type: "context",
        content: "Request cancelled.",
        message_id: "m3",
        level: "info",
      },
    ]);
    const m4 = s.events.find((event) => event.type === "message" && event.data.message_id === "m4");
    // No model of its own: the last one the session used.
    expect(m4?.data).toMatchObject({
      content: "Captured multiline output.",
      model: "gemini-3-flash-preview",
    });
    expect(s.warnings).toEqual([]);
  });

  it("small.json: displayContent prompt, thought without subject, tokens", () => {
    const s = summaryOf("gemini/agent-sessions/small.json");
    expect(s.sessionId).toBe("session-2026-01-16T18-34-3739ef95");
    expect(s.types).toEqual(["session_start", "message", "thinking", "message"]);
    expect(s.prompts).toEqual(["Hello"]);
    expect(s.responses).toBe(1);
    expect(s.thinking).toBe(1);
    expect(s.events[2]?.data).toMatchObject({ content: "Short reasoning placeholder.", message_id: "m2" });
    expect(s.tokens).toEqual({ input: 10, output: 5, cacheRead: 0 });
    expect(s.toolCallIds).toEqual([]);
  });

  it("standard_session.json: two turns; thinking tokens billed as output, cache taken out of input", () => {
    const s = summaryOf("gemini/agentsview/standard_session.json");
    expect(s.sessionId).toBe("sess-uuid-1");
    expect(s.prompts).toEqual(["Fix the login bug", "That looks right"]);
    expect(s.responses).toBe(2);
    // input (1500-100) + (2000-50); output (200+50) + (300+100); cached 100 + 50.
    expect(s.tokens).toEqual({ input: 3350, output: 650, cacheRead: 150 });
    expect(s.events[0]?.emitted_at).toBe("2024-01-01T10:00:00.000Z");
    expect(s.events.at(-1)?.emitted_at).toBe("2024-01-01T10:05:05.000Z");
  });

  it("system_messages.json: info and warning are system context, error is an error event", () => {
    const s = summaryOf("gemini/agentsview/system_messages.json");
    expect(s.sessionId).toBe("sess-uuid-3");
    expect(s.types).toEqual(["session_start", "message", "error", "message"]);
    expect(s.prompts).toEqual([]);
    expect(s.responses).toBe(0);
    expect(s.events[2]?.data).toEqual({
      error_type: "gemini_error",
      message: "Some error",
      message_id: "e1",
    });
    expect(s.events[3]?.data).toMatchObject({
      author_role: "system",
      message_type: "context",
      level: "warning",
    });
  });

  it("thinking_only.json: each thought is a thinking event (subject + description)", () => {
    const s = summaryOf("gemini/agentsview/thinking_only.json");
    expect(s.sessionId).toBe("sess-uuid-thinking");
    expect(s.prompts).toEqual(["Explain how this works"]);
    expect(s.responses).toBe(1);
    expect(s.thinking).toBe(2);
    const thoughts = s.events.filter((event) => event.type === "thinking");
    expect(thoughts.map((event) => [event.emitted_at, event.data.content])).toEqual([
      ["2024-01-01T10:00:01.000Z", "Understanding request\nThe user wants an explanation of the system."],
      ["2024-01-01T10:00:02.000Z", "Planning response\nI should describe the config loading flow."],
    ]);
    expect(s.tokens).toEqual({ input: 0, output: 0, cacheRead: 0 });
  });

  it("tool_calls.json: a call without id gets <message id>:<index>; final status without output is a result", () => {
    const s = summaryOf("gemini/agentsview/tool_calls.json");
    expect(s.sessionId).toBe("sess-uuid-2");
    expect(s.toolCallIds).toEqual(["a1:0"]);
    expect(s.toolResults).toEqual({ "a1:0": true });
    expect(s.thinking).toBe(1);
    const call = s.events.find((event) => event.type === "tool_call");
    expect(call?.data).toMatchObject({ tool_name: "read_file", parameters: { file_path: "main.go" } });
  });

  it("tool_calls_with_results.json: two calls with their functionResponse outputs", () => {
    const s = summaryOf("gemini/agentsview/tool_calls_with_results.json");
    expect(s.sessionId).toBe("sess-uuid-tool-results");
    expect(s.toolCallIds).toEqual(["read_file_1772747340739_0", "run_command_1772747340739_1"]);
    expect(s.toolResults).toEqual({ read_file_1772747340739_0: true, run_command_1772747340739_1: true });
    const results = s.events
      .filter((event) => event.type === "tool_result")
      .map((event) => event.data.result);
    expect(results).toEqual([
      "# Agentstrove -- One-Pager\n\nDraft: 2026-03-04",
      "total 42\ndrwxr-xr-x  5 user user 160 Mar  4 10:00 .",
    ]);
    expect(s.prompts).toEqual(["Read the planning doc"]);
    expect(s.responses).toBe(1);
  });

  it.each(FIXTURES)("%s: same events whole and in pieces", (relative) => {
    const { parser, bytes, file } = fixture(relative);
    expectSameEventsInPieces(parser, bytes, file);
  });

  it.each(FIXTURES)("%s: probed as Gemini by the right parser only", (relative) => {
    const head = readFixture(relative).subarray(0, 65_536).toString("utf8");
    const path = fixturePath(relative);
    const legacy = relative.endsWith(".json");
    expect(geminiParser.probe(path, head)).toBe(!legacy);
    expect(geminiLegacyParser.probe(path, head)).toBe(legacy);
  });
});
