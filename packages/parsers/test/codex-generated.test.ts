// The Codex parser on sessions built here: a long multi-turn rollout (whole == pieces, exact counts, bounded
// state), probe, purity, limits and apply_patch shapes that the fixtures do not cover.
import { describe, expect, it } from "@jest/globals";

import { codexParser } from "../src/codex";
import { parseText } from "./codex-helpers";
import { expectSameEventsInPieces, fixturePath, readFixture } from "./support";

const PATH =
  "/home/dev/.codex/sessions/2026/03/01/rollout-2026-03-01T09-00-00-0199aaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee.jsonl";

function line(seconds: number, type: string, payload: unknown): string {
  const timestamp = new Date(Date.UTC(2026, 2, 1, 9, 0, 0) + seconds * 1000).toISOString();
  return JSON.stringify({ timestamp, type, payload });
}

/** A rollout of `turns` turns: twins of every prompt and answer, tool calls, cumulative + per-turn usage. */
function generatedSession(turns: number): string {
  const lines = [
    line(0, "session_meta", {
      id: "0199aaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
      timestamp: "2026-03-01T09:00:00.000Z",
      cwd: "/home/dev/proj",
      originator: "codex_cli_rs",
      cli_version: "0.99.0",
      source: "cli",
      git: { branch: "main" },
    }),
  ];
  let t = 1;
  const total = {
    input_tokens: 0,
    cached_input_tokens: 0,
    output_tokens: 0,
    reasoning_output_tokens: 0,
    total_tokens: 0,
  };
  for (let turn = 0; turn < turns; turn++) {
    const prompt = `Turn ${turn}: fix the bug — ünïcødé 日本語 🚀`;
    lines.push(
      line(t++, "turn_context", {
        cwd: turn === 10 ? "/home/dev/other" : turn > 10 ? "/home/dev/other" : "/home/dev/proj",
        model: "gpt-5",
      }),
    );
    lines.push(line(t++, "event_msg", { type: "user_message", message: prompt }));
    lines.push(
      line(t++, "response_item", {
        type: "message",
        role: "user",
        content: [{ type: "input_text", text: prompt }],
      }),
    );
    lines.push(
      line(t++, "response_item", {
        type: "reasoning",
        summary: [{ type: "summary_text", text: `think ${turn}` }],
        encrypted_content: "x",
      }),
    );
    lines.push(
      line(t++, "response_item", {
        type: "function_call",
        name: "shell",
        arguments: JSON.stringify({ command: ["ls", `dir${turn}`] }),
        call_id: `call_${turn}`,
      }),
    );
    lines.push(
      line(t++, "response_item", {
        type: "function_call_output",
        call_id: `call_${turn}`,
        output: JSON.stringify({
          output: `file${turn}.txt\n`,
          metadata: { exit_code: turn % 7 === 0 ? 1 : 0 },
        }),
      }),
    );
    lines.push(line(t++, "event_msg", { type: "agent_message", message: `Done with turn ${turn} ✅` }));
    lines.push(
      line(t++, "response_item", {
        type: "message",
        role: "assistant",
        content: [{ type: "output_text", text: `Done with turn ${turn} ✅` }],
      }),
    );
    const last = {
      input_tokens: 1000 + turn,
      cached_input_tokens: 400,
      output_tokens: 50,
      reasoning_output_tokens: 10,
      total_tokens: 1050 + turn,
    };
    total.input_tokens += last.input_tokens;
    total.cached_input_tokens += last.cached_input_tokens;
    total.output_tokens += last.output_tokens;
    total.reasoning_output_tokens += last.reasoning_output_tokens;
    total.total_tokens += last.total_tokens;
    lines.push(
      line(t++, "event_msg", {
        type: "token_count",
        info: { total_token_usage: { ...total }, last_token_usage: last },
      }),
    );
    // Codex repeats the reading on rate-limit updates: same totals, must not count again.
    lines.push(
      line(t++, "event_msg", {
        type: "token_count",
        info: { total_token_usage: { ...total }, last_token_usage: last },
      }),
    );
    lines.push(line(t++, "event_msg", { type: "task_complete", last_agent_message: "done" }));
    if (turn % 50 === 49)
      lines.push(line(t++, "compacted", { message: `summary ${turn}`, replacement_history: [] }));
  }
  return lines.join("\n") + "\n";
}

describe("codex generated long session", () => {
  const turns = 300;
  const text = generatedSession(turns);
  const parsed = parseText(text, PATH);
  const { summary } = parsed;

  it("has a few thousand lines", () => {
    expect(parsed.checkpoint.stats.lines).toBeGreaterThan(3000);
    expect(parsed.checkpoint.stats.malformedLines).toBe(0);
    expect(parsed.warnings).toEqual([]);
  });

  it("counts every prompt, answer, call and token once", () => {
    expect(summary.humanPrompts).toHaveLength(turns);
    expect(summary.responses).toHaveLength(turns);
    expect(summary.thinking).toHaveLength(turns);
    expect(summary.toolCallIds).toEqual(Array.from({ length: turns }, (_, i) => `call_${i}`));
    expect(summary.toolResults.filter((result) => !result.success)).toHaveLength(Math.ceil(turns / 7));
    const input = Array.from({ length: turns }, (_, i) => 1000 + i - 400).reduce((a, b) => a + b, 0);
    expect(summary.tokens).toEqual({ input, output: 50 * turns, cacheRead: 400 * turns, cacheCreation: 0 });
    expect(summary.compactions).toHaveLength(turns / 50);
    expect(summary.metadata).toContainEqual({ working_directory: "/home/dev/other" });
    // Every answer carries its own turn's usage.
    const answers = parsed.events.filter(
      (event) => event.type === "message" && event.data.message_type === "response",
    );
    expect(answers.every((event) => event.type === "message" && event.data.token_usage !== undefined)).toBe(
      true,
    );
  });

  it("gives the same events in any appended pieces, cut anywhere (also inside UTF-8 characters)", () => {
    expectSameEventsInPieces(codexParser, Buffer.from(text), { path: PATH }, 15);
  });

  it("keeps the checkpoint state small", () => {
    expect(JSON.stringify(parsed.checkpoint.state).length).toBeLessThan(2000);
  });
});

describe("codex parser contract", () => {
  it("does not mutate the checkpoint it is given, and flush releases a held answer", () => {
    const bytes = Buffer.from(generatedSession(2).split("\n").slice(0, 8).join("\n") + "\n");
    const start = codexParser.initial({ path: PATH });
    const before = JSON.stringify(start);
    const first = codexParser.parse(bytes, start, { path: PATH });
    expect(JSON.stringify(start)).toBe(before);
    expect(first.checkpoint.state.held).not.toBeNull();
    const snapshot = JSON.stringify(first.checkpoint);
    const flushed = codexParser.flush(first.checkpoint, { path: PATH });
    expect(JSON.stringify(first.checkpoint)).toBe(snapshot);
    expect(flushed.events.map((event) => [event.sequence, event.type])).toEqual([
      [first.checkpoint.nextSequence, "message"],
    ]);
    expect(flushed.checkpoint.state.held).toBeNull();
  });

  it("continues sequences after a flush when more lines arrive", () => {
    const all = Buffer.from(generatedSession(3));
    const cut = all.indexOf("\n", all.length / 2) + 1;
    const file = { path: PATH };
    const first = codexParser.parse(all.subarray(0, cut), codexParser.initial(file), file);
    const flushed = codexParser.flush(first.checkpoint, file);
    const rest = codexParser.parse(all.subarray(cut), flushed.checkpoint, file);
    const sequences = [...first.events, ...flushed.events, ...rest.events].map((event) => event.sequence);
    expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, i) => i + 1));
  });

  it("holds events until a timestamp is known, and uses the epoch when none ever is", () => {
    const text = [
      JSON.stringify({ type: "session_meta", payload: { id: "no-time" } }),
      JSON.stringify({ type: "event_msg", payload: { type: "user_message", message: "hi" } }),
    ].join("\n");
    const { events } = parseText(text + "\n");
    expect(events.map((event) => event.emitted_at)).toEqual([
      "1970-01-01T00:00:00.000Z",
      "1970-01-01T00:00:00.000Z",
    ]);
    const later = parseText(
      text + "\n" + line(5, "event_msg", { type: "agent_message", message: "yo" }) + "\n",
    );
    expect(later.events.map((event) => event.emitted_at)).toEqual(Array(3).fill("2026-03-01T09:00:05.000Z"));
  });

  it("never throws on odd records and reports them", () => {
    const text = [
      line(0, "session_meta", { id: "odd", cwd: 42 }),
      line(1, "response_item", { type: "function_call", name: "shell" }),
      line(2, "event_msg", { type: "brand_new_event" }),
      line(3, "response_item", { type: "brand_new_item" }),
      JSON.stringify({ no: "type" }),
      "[1, 2]",
    ].join("\n");
    const { warnings, checkpoint } = parseText(text + "\n");
    expect(warnings.map((warning) => warning.kind).sort()).toEqual([
      "invalid_record",
      "invalid_record",
      "invalid_record",
      "malformed_line",
      "unknown_line_type",
      "unknown_line_type",
    ]);
    expect(checkpoint.stats.unknownTypes).toEqual({
      "event_msg.brand_new_event": 1,
      "response_item.brand_new_item": 1,
    });
  });
});

describe("codex limits and tool shapes", () => {
  it("truncates huge text and sanitizes names", () => {
    const huge = "x".repeat(1_200_000);
    const { summary, events } = parseText(
      [
        line(0, "session_meta", { id: "limits", cli_version: "1.0" }),
        line(1, "event_msg", { type: "user_message", message: huge }),
        line(2, "response_item", {
          type: "function_call",
          name: "bad\nname\u0007",
          arguments: "not json",
          call_id: "c1",
        }),
        line(3, "response_item", {
          type: "function_call_output",
          call_id: "c1",
          output: "Exit code: 2\nOutput:\nboom",
        }),
      ].join("\n") + "\n",
    );
    expect((summary.humanPrompts[0] as string).length).toBeLessThanOrEqual(1_000_000);
    expect(summary.toolCalls[0]).toMatchObject({ tool_name: "bad name", parameters: { input: "not json" } });
    expect(summary.toolResults[0]).toMatchObject({ tool_use_id: "c1", success: false });
    expect(events.length).toBe(4);
  });

  it("apply_patch sent through the shell (argv and heredoc) becomes apply_patch {input}", () => {
    const patch = "*** Begin Patch\n*** Delete File: old.txt\n*** End Patch";
    const { summary } = parseText(
      [
        line(0, "session_meta", { id: "patches" }),
        line(1, "response_item", {
          type: "function_call",
          name: "shell",
          arguments: JSON.stringify({ command: ["apply_patch", patch] }),
          call_id: "p1",
        }),
        line(2, "response_item", {
          type: "function_call",
          name: "shell",
          arguments: JSON.stringify({ command: ["bash", "-lc", `apply_patch <<'EOF'\n${patch}\nEOF\n`] }),
          call_id: "p2",
        }),
        line(3, "response_item", {
          type: "local_shell_call",
          call_id: "p3",
          action: { type: "exec", command: ["apply_patch", patch] },
        }),
      ].join("\n") + "\n",
    );
    expect(summary.toolCalls).toEqual([
      { tool_name: "apply_patch", tool_use_id: "p1", parameters: { input: patch } },
      { tool_name: "apply_patch", tool_use_id: "p2", parameters: { input: patch } },
      { tool_name: "apply_patch", tool_use_id: "p3", parameters: { input: patch } },
    ]);
  });

  it("injected user messages are context, developer messages too", () => {
    const { summary } = parseText(
      [
        line(0, "session_meta", { id: "ctx" }),
        line(1, "response_item", {
          type: "message",
          role: "user",
          content: [{ type: "input_text", text: "# AGENTS.md instructions for /x\n\nbe nice" }],
        }),
        line(2, "response_item", {
          type: "message",
          role: "developer",
          content: [{ type: "input_text", text: "<permissions instructions>..." }],
        }),
        line(3, "response_item", {
          type: "message",
          role: "user",
          content: [{ type: "input_text", text: "<turn_aborted>\nThe user interrupted\n</turn_aborted>" }],
        }),
        line(4, "response_item", {
          type: "message",
          role: "user",
          content: [{ type: "input_text", text: "real question" }],
        }),
      ].join("\n") + "\n",
    );
    expect(summary.contexts).toHaveLength(3);
    expect(summary.humanPrompts).toEqual(["real question"]);
  });
});

describe("codex probe", () => {
  const codexFixtures = [
    "codex/agent-sessions/small.jsonl",
    "codex/agentsview/fc_args_1.jsonl",
    "codex/ccusage/sessions/branch-history/2026-05-12T08-02-00-branch.jsonl",
    "codex/claude-code-log/sessions/rollout-44444444-4444-4444-8444-444444444444.jsonl",
    "codex/claude-code-log/malformed/rollout-66666666-6666-4666-8666-666666666666.jsonl",
  ];
  const others = [
    "claude-code/catsyphon/not_a_log.txt",
    "claude-code/catsyphon/full_conversation.jsonl",
    "claude-code/agent-sessions/small.jsonl",
    "claude-code/ccusage/projects/project-alpha/session-alpha/chat.jsonl",
    "gemini/agent-sessions/jsonl_v040.jsonl",
    "gemini/agent-sessions/small.json",
  ];

  it.each(codexFixtures)("accepts %s", (relative) => {
    const head = readFixture(relative).subarray(0, 65536).toString("utf8");
    expect(codexParser.probe(fixturePath(relative), head)).toBe(true);
  });

  it.each(others)("rejects %s", (relative) => {
    const head = readFixture(relative).subarray(0, 65536).toString("utf8");
    expect(codexParser.probe(fixturePath(relative), head)).toBe(false);
  });

  it("accepts a session_meta line cut mid-way, and never throws", () => {
    const head = line(0, "session_meta", { id: "x", instructions: "y".repeat(100) }).slice(0, 120);
    expect(codexParser.probe(PATH, head)).toBe(true);
    expect(codexParser.probe(PATH, "")).toBe(false);
    expect(codexParser.probe(PATH, '{"unterminated')).toBe(false);
  });
});
