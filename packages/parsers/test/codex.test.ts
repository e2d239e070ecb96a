// The Codex parser on every Codex fixture: what the server would count (prompts, responses, tool calls, tokens,
// compactions, parent links), and that parsing in appended pieces gives the same events.
import { describe, expect, it } from "@jest/globals";

import { codexParser } from "../src/codex";
import { parseFixture } from "./codex-helpers";
import { expectSameEventsInPieces } from "./support";

const SESSIONS = "claude-code-log/sessions";
const CANONICAL = `${SESSIONS}/2026/01/02/rollout-2026-01-02T03-04-05-11111111-1111-4111-8111-111111111111.jsonl`;
const PARENT = `${SESSIONS}/2026/01/03/rollout-2026-01-03T04-05-06-22222222-2222-4222-8222-222222222222.jsonl`;
const CHILD = `${SESSIONS}/2026/01/03/rollout-2026-01-03T04-05-10-33333333-3333-4333-8333-333333333333.jsonl`;
const LEGACY = `${SESSIONS}/rollout-44444444-4444-4444-8444-444444444444.jsonl`;
const ARCHIVED = "claude-code-log/archived_sessions/rollout-55555555-5555-4555-8555-555555555555.jsonl";
const MALFORMED = "claude-code-log/malformed/rollout-66666666-6666-4666-8666-666666666666.jsonl";
const BRANCH_PARENT = "ccusage/sessions/branch-history/2026-05-12T08-00-00-parent.jsonl";
const BRANCH = "ccusage/sessions/branch-history/2026-05-12T08-02-00-branch.jsonl";

const ALL_FIXTURES = [
  "agent-sessions/codex_053_rate_limit.jsonl",
  "agent-sessions/large.jsonl",
  "agent-sessions/small.jsonl",
  "agentsview/blockquotes_session.jsonl",
  "agentsview/fc_args_1.jsonl",
  "agentsview/fc_args_2.jsonl",
  "aiobscura/empty.jsonl",
  "aiobscura/minimal-session.jsonl",
  "aiobscura/with-tool-calls.jsonl",
  BRANCH_PARENT,
  BRANCH,
  "ccusage/sessions/project-alpha/session-alpha.jsonl",
  ARCHIVED,
  MALFORMED,
  CANONICAL,
  PARENT,
  CHILD,
  LEGACY,
];

describe("codex fixtures: whole file == appended pieces", () => {
  it.each(ALL_FIXTURES)("%s", (relative) => {
    const { bytes, path } = parseFixture(relative);
    expectSameEventsInPieces(codexParser, bytes, { path });
  });
});

describe("codex canonical modern rollout (11111111)", () => {
  const parsed = parseFixture(CANONICAL);
  const { summary } = parsed;

  it("starts the session from session_meta and the first turn_context", () => {
    expect(parsed.events[0]?.type).toBe("session_start");
    expect(parsed.events[0]?.sequence).toBe(1);
    expect(parsed.checkpoint.session).toEqual({
      sessionId: "11111111-1111-4111-8111-111111111111",
      agentType: "codex",
    });
    expect(summary.start).toMatchObject({
      agent_type: "codex",
      agent_version: "0.0.0-test",
      working_directory: "/workspace/synthetic-project",
      model: "synthetic-model",
      originator: "codex_cli_rs",
      approval_policy: "never",
      sandbox_policy: "read-only",
    });
    expect(parsed.events[0]?.emitted_at).toBe("2026-01-02T03:04:05.000Z");
  });

  it("counts the prompt and the answer once although Codex writes each twice", () => {
    expect(summary.humanPrompts).toEqual(["List the synthetic files."]);
    expect(summary.responses).toEqual(["The synthetic files are alpha.txt and beta.txt."]);
  });

  it("keeps the reasoning summary and never the encrypted content", () => {
    expect(summary.thinking).toEqual(["I will inspect the synthetic directory."]);
    expect(JSON.stringify(parsed.events)).not.toContain("SYNTHETIC_ENCRYPTED_CONTENT_MUST_NOT_RENDER");
  });

  it("pairs function and custom tool calls with their outputs by call_id", () => {
    expect(summary.toolCallIds).toEqual(["call-structured-001", "call-custom-001", "call-mcp-001"]);
    expect(summary.toolCalls.map((call) => call.tool_name)).toEqual([
      "exec_command",
      "apply_patch",
      "mcp__synthetic__lookup",
    ]);
    expect(summary.toolCalls[0]?.parameters).toEqual({ cmd: "find . -maxdepth 1 -type f" });
    expect(summary.toolCalls[1]?.parameters).toEqual({
      input: "*** Begin Patch\n*** Add File: gamma.txt\n+synthetic\n*** End Patch",
    });
    expect(summary.toolResults).toEqual([
      { tool_use_id: "call-structured-001", success: true, result: "./alpha.txt\n./beta.txt" },
      { tool_use_id: "call-custom-001", success: true, result: "Done!" },
      { tool_use_id: "call-mcp-001", success: true, result: '{"status":"ok"}' },
    ]);
  });

  it("counts the unknown future record type and warns", () => {
    expect(parsed.checkpoint.stats.unknownTypes).toEqual({ future_synthetic_record: 1 });
    expect(parsed.warnings).toEqual([expect.objectContaining({ line: 14, kind: "unknown_line_type" })]);
    expect(parsed.checkpoint.stats).toMatchObject({ lines: 14, malformedLines: 0, events: 10 });
  });
});

describe("codex sub-agent pair (22222222 spawns 33333333)", () => {
  it("parent: the spawn call, its result, and a link to the child", () => {
    const { summary, checkpoint } = parseFixture(PARENT);
    expect(checkpoint.session?.parentSessionId).toBeUndefined();
    expect(summary.humanPrompts).toEqual(["Spawn a synthetic researcher."]);
    expect(summary.toolCalls).toEqual([
      {
        tool_name: "spawn_agent",
        tool_use_id: "call-spawn-001",
        parameters: { task_name: "synthetic_researcher", message: "Inspect fixtures." },
      },
    ]);
    expect(summary.toolResults).toEqual([
      {
        tool_use_id: "call-spawn-001",
        success: true,
        result: "agent 33333333-3333-4333-8333-333333333333 spawned",
      },
    ]);
    expect(summary.metadata).toContainEqual({
      spawned_sub_agent: {
        session_id: "33333333-3333-4333-8333-333333333333",
        tool_use_id: "call-spawn-001",
      },
    });
  });

  it("child: names its parent and skips the replayed parent history", () => {
    const { summary, checkpoint } = parseFixture(CHILD);
    expect(checkpoint.session).toEqual({
      sessionId: "33333333-3333-4333-8333-333333333333",
      agentType: "codex",
      parentSessionId: "22222222-2222-4222-8222-222222222222",
    });
    expect(summary.start).toMatchObject({
      parent_session_id: "22222222-2222-4222-8222-222222222222",
      forked_from_id: "fork-item-001",
      spawned_by_tool_use_id: "call-spawn-001",
      source: "subagent",
    });
    // The replayed user_message and spawn_agent call (stamped before the child's session_meta) are not repeated.
    expect(summary.humanPrompts).toEqual([]);
    expect(summary.callerPrompts).toEqual(["Inspect fixtures."]);
    expect(summary.toolCallIds).toEqual([]);
    expect(summary.responses).toEqual(["The fixtures are fully synthetic."]);
  });
});

describe("codex legacy, archived, malformed and empty files", () => {
  it("legacy unwrapped rollout: id from the header, bare message items", () => {
    const { summary, checkpoint, events } = parseFixture(LEGACY);
    expect(checkpoint.session?.sessionId).toBe("44444444-4444-4444-8444-444444444444");
    expect(summary.start).toMatchObject({ agent_version: "unknown" });
    expect(summary.humanPrompts).toEqual(["Open the synthetic legacy session."]);
    expect(summary.responses).toEqual(["The synthetic legacy session is open."]);
    expect(events.map((event) => event.emitted_at)).toEqual(Array(3).fill("2026-01-04T05:06:07.000Z"));
  });

  it("archived session with a minimal session_meta", () => {
    const { summary, checkpoint } = parseFixture(ARCHIVED);
    expect(checkpoint.session?.sessionId).toBe("55555555-5555-4555-8555-555555555555");
    expect(summary.start).toMatchObject({
      agent_version: "0.0.0-test",
      working_directory: "/workspace/synthetic-project",
    });
    expect(summary.humanPrompts).toEqual(["Archived synthetic prompt."]);
  });

  it("malformed line is counted and skipped", () => {
    const { summary, checkpoint, warnings } = parseFixture(MALFORMED);
    expect(checkpoint.stats).toMatchObject({ lines: 3, malformedLines: 1, events: 2 });
    expect(warnings).toEqual([expect.objectContaining({ line: 3, kind: "malformed_line" })]);
    expect(summary.humanPrompts).toEqual(["Safe line before malformed input."]);
  });

  it("empty file gives nothing", () => {
    const { events, checkpoint, warnings } = parseFixture("aiobscura/empty.jsonl");
    expect(events).toEqual([]);
    expect(warnings).toEqual([]);
    expect(checkpoint.session).toBeNull();
  });
});

describe("codex token usage", () => {
  it("per-turn last_token_usage: input excludes cached input", () => {
    const { summary, events } = parseFixture("agent-sessions/codex_053_rate_limit.jsonl");
    expect(summary.tokens).toEqual({ input: 1211, output: 182, cacheRead: 10880, cacheCreation: 0 });
    expect(summary.responses).toEqual([""]);
    expect(events[1]?.data).toMatchObject({ token_usage: { reasoning_output_tokens: 128 } });
    expect(summary.errors).toEqual([{ error_type: "rate_limit", message: "Rate limit exceeded" }]);
  });

  it("cumulative and per-turn usage together are counted once, with the model of each count", () => {
    const { summary, events } = parseFixture("ccusage/sessions/project-alpha/session-alpha.jsonl");
    expect(summary.tokens).toEqual({ input: 2750, output: 425, cacheRead: 750, cacheCreation: 0 });
    expect(events.filter((event) => event.type === "message").map((event) => event.data.model)).toEqual([
      "gpt-5.2-codex",
      "gpt-5.3-codex",
    ]);
    expect(summary.start).toMatchObject({ model: "gpt-5.2-codex", agent_version: "unknown" });
  });

  it("branch history: the parent counts its cumulative total", () => {
    const { summary, checkpoint } = parseFixture(BRANCH_PARENT);
    expect(checkpoint.session?.sessionId).toBe("2026-05-12T08-00-00-parent");
    expect(summary.tokens).toEqual({ input: 900, output: 200, cacheRead: 100, cacheCreation: 0 });
  });

  it("branch history: the branch counts only what it added after the replayed parent lines", () => {
    const { summary, events } = parseFixture(BRANCH);
    expect(summary.tokens).toEqual({ input: 400, output: 250, cacheRead: 200, cacheCreation: 0 });
    expect(summary.responses).toEqual([""]);
    expect(events[0]?.emitted_at).toBe("2026-05-12T08:02:00.000Z");
  });

  it("usage attaches to the held response of its turn", () => {
    const { summary, events, checkpoint } = parseFixture("agent-sessions/large.jsonl");
    expect(summary.humanPrompts).toEqual(["Start", "Step 1", "Step 2", "Step 3", "Step 4", "Step 5"]);
    expect(summary.responses).toEqual([
      "Acknowledged.",
      "Captured multiline output.",
      "Ok",
      "Ok",
      "Ok",
      "Ok",
      "Ok",
    ]);
    const acknowledged = events.find(
      (event) => event.type === "message" && event.data.content === "Acknowledged.",
    );
    expect(acknowledged?.data).toMatchObject({
      model: "gpt-5.2",
      token_usage: { input_tokens: 1211, output_tokens: 182, cache_read_tokens: 10880 },
    });
    expect(summary.tokens).toEqual({ input: 1211, output: 182, cacheRead: 10880, cacheCreation: 0 });
    expect(summary.contexts).toHaveLength(1);
    // The fixture's non-standard tool_call / tool_result payloads are not Codex items: counted as unknown.
    expect(checkpoint.stats.unknownTypes).toEqual({
      "response_item.tool_call": 1,
      "response_item.tool_result": 1,
    });
  });
});

describe("codex aiobscura sessions", () => {
  it("minimal session: environment context is not a prompt", () => {
    const { summary, checkpoint, warnings } = parseFixture("aiobscura/minimal-session.jsonl");
    expect(checkpoint.session?.sessionId).toBe("019ab86e-1e83-75b0-b2d7-d335492e7026");
    expect(summary.start).toMatchObject({
      agent_version: "0.63.0",
      git_branch: "main",
      git_commit: "abc123def456",
      model: "gpt-5.1-codex-max",
      approval_policy: "on-request",
      working_directory: "/Users/test/dev/myproject",
    });
    expect(summary.contexts).toHaveLength(1);
    expect(summary.contexts[0]).toContain("<environment_context>");
    expect(summary.humanPrompts).toEqual(["Hello, please list the files in this directory.", "Thanks!"]);
    expect(summary.responses).toEqual([
      "",
      "I'll list the files in the current directory for you.",
      "You're welcome! Let me know if you need anything else.",
    ]);
    expect(summary.tokens).toEqual({ input: 50, output: 25, cacheRead: 50, cacheCreation: 0 });
    expect(warnings).toEqual([]);
  });

  it("tool calls with JSON-string arguments and exit-code outputs", () => {
    const { summary } = parseFixture("aiobscura/with-tool-calls.jsonl");
    expect(summary.start).toMatchObject({ git_branch: "feature" });
    expect(summary.humanPrompts).toEqual(["List the files and then read package.json"]);
    expect(summary.toolCalls).toEqual([
      { tool_name: "shell_command", tool_use_id: "call_abc123", parameters: { command: "ls -la" } },
      { tool_name: "read_file", tool_use_id: "call_def456", parameters: { path: "package.json" } },
    ]);
    expect(summary.toolResults.map((result) => [result.tool_use_id, result.success])).toEqual([
      ["call_abc123", true],
      ["call_def456", true],
    ]);
    expect(summary.tokens).toEqual({ input: 200, output: 50, cacheRead: 0, cacheCreation: 0 });
  });
});

describe("codex agentsview sessions", () => {
  it("agent_message and response_item with the same final answer count once", () => {
    const { summary } = parseFixture("agentsview/blockquotes_session.jsonl");
    expect(summary.humanPrompts).toEqual(["blablabla?"]);
    expect(summary.responses).toEqual(["blabla1\n\n> blabla2\n\nblabla3\n\n> blabla4\n\nblabla5"]);
    expect(summary.start).toMatchObject({
      originator: "codex_exec",
      source: "exec",
      agent_version: "0.128.0",
    });
  });

  it("function_call with JSON-string arguments and no output yet", () => {
    const { summary, checkpoint } = parseFixture("agentsview/fc_args_1.jsonl");
    expect(checkpoint.session?.sessionId).toBe("fc-args-1");
    expect(summary.humanPrompts).toEqual(["inspect files"]);
    expect(summary.toolCalls).toEqual([
      {
        tool_name: "exec_command",
        tool_use_id: "call_test",
        parameters: { cmd: "rg --files", workdir: "/tmp" },
      },
    ]);
    expect(summary.toolResults).toEqual([]);
  });

  it("apply_patch with object arguments reaches the server as {input: patch}", () => {
    const { summary } = parseFixture("agentsview/fc_args_2.jsonl");
    expect(summary.toolCalls).toEqual([
      {
        tool_name: "apply_patch",
        tool_use_id: "call_test",
        parameters: {
          input:
            "*** Begin Patch\n*** Update File: internal/parser/codex.go\n*** Update File: internal/parser/parser_test.go\n*** End Patch",
        },
      },
    ]);
  });
});

describe("codex schema grab-bag (agent-sessions/small.jsonl)", () => {
  const parsed = parseFixture("agent-sessions/small.jsonl");
  const { summary } = parsed;

  it("knows every record type in it", () => {
    expect(parsed.checkpoint.stats).toEqual({ lines: 118, malformedLines: 0, unknownTypes: {}, events: 41 });
    expect(parsed.warnings).toEqual([]);
  });

  it("keeps the first session_meta as the identity; later ones are copied threads", () => {
    expect(parsed.checkpoint.session).toEqual({
      sessionId: "019fc8be-3658-7ca3-9e29-000000000000",
      agentType: "codex",
    });
    expect(summary.start).toMatchObject({
      agent_version: "0.146.0",
      git_branch: "main",
      working_directory: "/tmp/repo",
    });
  });

  it("counts prompts once, and skips user_message events of a non-plain kind", () => {
    expect(summary.humanPrompts).toEqual(["List the files", "[trimmed for fixture]"]);
    expect(summary.responses).toEqual(["", "Found 2 files."]);
  });

  it("one compaction per compacted record, the context_compacted event counted with its twin", () => {
    expect(summary.compactions).toHaveLength(6);
    expect(summary.compactions[0]).toEqual({ trigger: "auto", occurred_at: "2026-08-03T10:48:56.000Z" });
    expect(summary.compactions[1]).toMatchObject({ summary: "[trimmed for fixture]" });
  });

  it("tool calls of every kind, with results by call id", () => {
    expect(summary.toolCallIds.slice(0, 4)).toEqual(["call-1", "call-2", "call-3", "ws-1"]);
    expect(summary.toolCalls.map((call) => call.tool_name)).toEqual([
      "shell",
      "shell",
      "tool_search",
      "web_search",
      "tool_search",
      "image_generation",
      "[trimmed for fixture]",
      "[trimmed for fixture]",
    ]);
    expect(summary.toolCalls[0]?.parameters).toEqual({ command: ["ls"] });
    expect(summary.toolResults.filter((r) => r.tool_use_id === "call-1")).toEqual([
      { tool_use_id: "call-1", success: true, result: "a.txt\nb.txt\n" },
    ]);
    expect(summary.toolResults.filter((r) => r.tool_use_id === "call-2")).toEqual([
      { tool_use_id: "call-2", success: true, result: "a.txt\n" },
    ]);
  });

  it("token counts: per turn, zero readings and info=null skipped", () => {
    expect(summary.tokens).toEqual({ input: 12757, output: 81, cacheRead: 3584, cacheCreation: 0 });
  });

  it("errors, titles and plans", () => {
    expect(summary.errors.map((error) => error.error_type)).toEqual([
      "turn_aborted",
      "[trimmed for fixture]",
      "[trimmed for fixture]",
    ]);
    expect(summary.metadata).toContainEqual({ title: "[trimmed for fixture]" });
    expect(summary.metadata).toContainEqual({ plans: [{ content: "[trimmed for fixture]" }] });
  });
});
