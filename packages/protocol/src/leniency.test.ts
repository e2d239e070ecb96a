// What the real clients of the protocol send (shared/research/clients.md: the original CatSyphon's watcher and
// Python SDK, aiobscura) is accepted, and every number accepted fits the column it is stored in.
import { describe, expect, it } from "@jest/globals";

import { protocolEventSchema, type ProtocolEventInput } from "./events";
import { MAX_INT4, MAX_PATH_BYTES, MAX_PATH_LENGTH } from "./limits";
import { postgresSafeJson, utf8Length } from "./primitives";
import { collectorRegistrationRequestSchema, sessionCompleteRequestSchema } from "./responses";

const at = { emitted_at: "2026-03-01T12:00:00Z", observed_at: "2026-03-01T12:00:00Z" };

function parse(event: Record<string, unknown>) {
  return protocolEventSchema.safeParse({ sequence: 1, ...at, ...event });
}

function data(event: Record<string, unknown>): Record<string, unknown> {
  const result = parse(event);
  if (!result.success) throw new Error(JSON.stringify(result.error.issues));
  return result.data.data as Record<string, unknown>;
}

describe("null means absent", () => {
  it("for every optional field of session_start (the original watcher's working_directory/git_branch: null)", () => {
    const parsed = data({
      type: "session_start",
      data: {
        agent_type: "claude-code",
        agent_version: "unknown",
        working_directory: null,
        git_branch: null,
        parent_session_id: null,
        slug: null,
        summaries: null,
        compaction_events: null,
        developer: null,
        hostname: null,
        model: null,
      },
    });
    for (const key of ["working_directory", "git_branch", "parent_session_id", "slug", "summaries"]) {
      expect(parsed[key]).toBeUndefined();
    }
    expect(JSON.parse(JSON.stringify(parsed))).toEqual({
      agent_type: "claude_code",
      agent_version: "unknown",
    });
  });

  it("for messages, tokens, tools and the session end", () => {
    expect(
      data({
        type: "message",
        data: {
          author_role: "assistant",
          message_type: "response",
          content: null,
          model: null,
          stop_reason: null,
          thinking_content: null,
          token_usage: { input_tokens: 5, output_tokens: null, cache_read_tokens: null },
        },
      }),
    ).toMatchObject({ content: "", token_usage: { input_tokens: 5, output_tokens: undefined } });
    expect(
      data({
        type: "session_end",
        data: { outcome: "unknown", summary: null, plans: null, files_touched: null },
      }),
    ).toMatchObject({ outcome: "unknown", summary: undefined, plans: undefined });
    expect(parse({ type: "thinking", event_hash: null, data: { content: "x" } }).success).toBe(true);
  });

  it("but not for a required field", () => {
    const result = parse({ type: "session_start", data: { agent_type: null, agent_version: "1" } });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([["data", "agent_type"]]);
  });
});

describe("files_touched", () => {
  it("takes path strings (the original's clients) and objects in one list", () => {
    expect(
      data({
        type: "session_end",
        data: {
          outcome: "success",
          files_touched: [
            "/src/auth.py",
            { file_path: "/src/db.py", change_type: "write", lines_added: null },
          ],
        },
      }).files_touched,
    ).toEqual([
      { file_path: "/src/auth.py", change_type: "edit" },
      { file_path: "/src/db.py", change_type: "write" },
    ]);
  });

  it("refuses line counts an int4 column cannot hold, naming the field", () => {
    const result = parse({
      type: "session_end",
      data: {
        outcome: "success",
        files_touched: [{ file_path: "/a", change_type: "edit", lines_added: MAX_INT4 + 1 }],
      },
    });
    expect(result.error?.issues.map((issue) => issue.path)).toContainEqual([
      "data",
      "files_touched",
      0,
      "lines_added",
    ]);
    expect(
      parse({
        type: "session_end",
        data: {
          outcome: "success",
          files_touched: [{ file_path: "/a", change_type: "edit", lines_added: MAX_INT4 }],
        },
      }).success,
    ).toBe(true);
  });
});

describe("plans, summaries and compaction events", () => {
  it("are kept whole, extra and null fields included (the original's PlanInfo)", () => {
    const plan = {
      plan_file_path: "/Users/dev/.claude/plans/p.md",
      initial_content: "# Plan",
      final_content: null,
      status: "approved",
      iteration_count: 2,
      operations: [
        {
          operation_type: "edit",
          file_path: "/Users/dev/.claude/plans/p.md",
          content: null,
          old_content: "a",
          new_content: "b",
          timestamp: null,
          message_index: 4,
        },
      ],
      entry_message_index: null,
      exit_message_index: 9,
      related_agent_session_ids: [],
    };
    const summary = {
      summary: "Auth work",
      summary_type: "auto",
      last_user_message_id: "9b1e",
      num_exchanges: 0,
      timestamp: null,
    };
    const compaction = { timestamp: null, trigger: null, pre_tokens: null };
    expect(data({ type: "session_end", data: { outcome: "success", plans: [plan] } }).plans).toEqual([plan]);
    const start = data({
      type: "session_start",
      data: { agent_type: "x", agent_version: "1", summaries: [summary], compaction_events: [compaction] },
    });
    expect(start.summaries).toEqual([summary]);
    expect(start.compaction_events).toEqual([compaction]);
  });
});

describe("message types, tool ids, agents and outcomes", () => {
  it.each(["plan", "summary", "context"])("message_type %s", (messageType) => {
    expect(
      data({ type: "message", data: { author_role: "assistant", message_type: messageType } }),
    ).toMatchObject({
      message_type: messageType,
      content: "",
    });
  });

  it("tool_call and tool_result without tool_use_id (aiobscura's Codex events), parameters or result", () => {
    expect(data({ type: "tool_call", data: { tool_name: "shell" } })).toEqual({
      tool_name: "shell",
      parameters: {},
    });
    expect(
      data({ type: "tool_call", data: { tool_name: "shell", tool_use_id: null } }).tool_use_id,
    ).toBeUndefined();
    expect(data({ type: "tool_result", data: { success: true } })).toEqual({ success: true });
    expect(data({ type: "error", data: {} })).toEqual({ error_type: "unknown", message: "" });
  });

  it.each([
    ["claude_code", "claude_code"],
    ["claude-code", "claude_code"],
    ["codex", "codex"],
    ["aider", "aider"],
    ["cursor", "cursor"],
    ["my-agent", "my-agent"],
  ])("agent_type %j is stored as %j", (sent, stored) => {
    expect(
      data({ type: "session_start", data: { agent_type: sent, agent_version: "0.1.11" } }).agent_type,
    ).toBe(stored);
  });

  it.each([
    ["success", "success"],
    ["failed", "failure"],
    ["FAILURE", "failure"],
    ["partial", "partial"],
    ["timed_out", "timed_out"],
  ])("outcome %j is stored as %j", (sent, stored) => {
    expect(data({ type: "session_end", data: { outcome: sent } }).outcome).toBe(stored);
  });
});

describe("timestamps", () => {
  it.each([
    ["2026-03-01T12:00:00Z", "2026-03-01T12:00:00.000Z"],
    ["2026-03-01T12:00:00.5Z", "2026-03-01T12:00:00.500Z"],
    ["2026-03-01T12:00:00.024000+00:00", "2026-03-01T12:00:00.024Z"],
    ["2026-03-01T12:10:00.123456789Z", "2026-03-01T12:10:00.123Z"],
    ["2026-03-01T14:00:00+02:00", "2026-03-01T12:00:00.000Z"],
    ["2026-03-01T12:00:00.000001+00:00", "2026-03-01T12:00:00.000Z"],
  ])("%s is accepted, stored as %s", (sent, stored) => {
    const result = protocolEventSchema.parse({
      sequence: 1,
      type: "thinking",
      emitted_at: sent,
      observed_at: sent,
      data: { content: "x" },
    } satisfies ProtocolEventInput);
    expect(result.emitted_at).toBe(stored);
  });

  it.each([
    ["a day that does not exist", "2025-02-30T00:00:00Z"],
    ["year 0 (Postgres has none)", "0000-01-01T00:00:00Z"],
    ["an instant past year 9999", "9999-12-31T23:59:59-14:00"],
  ])("refuses %s, naming the field", (_label, value) => {
    const result = parse({ type: "thinking", emitted_at: value, data: { content: "x" } });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([["emitted_at"]]);
  });
});

describe("numbers the columns can hold", () => {
  it.each([
    ["input_tokens", 9007199254740991],
    ["output_tokens", MAX_INT4 + 1],
    ["cache_read_tokens", 1.5],
    ["cache_creation_tokens", -1],
  ])("refuses token_usage.%s = %d, naming the field", (field, value) => {
    const result = parse({
      type: "message",
      data: {
        author_role: "assistant",
        message_type: "response",
        content: "",
        token_usage: { [field]: value },
      },
    });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([["data", "token_usage", field]]);
  });

  it("refuses a compaction's pre_tokens over int4 (epochs.pre_tokens)", () => {
    const result = parse({ type: "metadata", data: { compaction: { pre_tokens: MAX_INT4 + 1 } } });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([["data", "compaction", "pre_tokens"]]);
  });
});

describe("what Postgres cannot store", () => {
  it("NUL is removed from the completion summary and from registration metadata, keys included", () => {
    expect(sessionCompleteRequestSchema.parse({ outcome: "success", summary: "a\u0000b" }).summary).toBe(
      "ab",
    );
    const registration = collectorRegistrationRequestSchema.parse({
      collector_type: "aiobscura",
      collector_version: "0.1.11",
      hostname: "h",
      metadata: { platform: "mac\u0000os", "k\u0000ey": ["\ud800x", { deep: "\u0000" }] },
    });
    expect(registration.metadata).toEqual({ platform: "macos", key: ["\ufffdx", { deep: "" }] });
  });

  it("leaves clean values as they are (the same object)", () => {
    const value = { a: ["b", { c: 1 }] };
    expect(postgresSafeJson(value)).toBe(value);
  });

  it("completion takes event_count, final_sequence and summary: null, and ignores them", () => {
    expect(
      sessionCompleteRequestSchema.parse({
        outcome: "partial",
        event_count: 57,
        final_sequence: 50,
        summary: null,
      }),
    ).toMatchObject({ outcome: "partial", summary: undefined });
  });

  it("registration takes the original's workspace_id and metadata: null", () => {
    const workspaceId = "8a1f5c2e-3b4d-4e6f-9a0b-1c2d3e4f5a6b";
    expect(
      collectorRegistrationRequestSchema.parse({
        collector_type: "watcher",
        collector_version: "1.0.0",
        hostname: "h",
        workspace_id: workspaceId,
        metadata: null,
      }),
    ).toMatchObject({ workspace_id: workspaceId, metadata: undefined });
  });
});

describe("paths an index can hold", () => {
  it("refuses a path over MAX_PATH_BYTES in UTF-8, naming the field", () => {
    const path = `/${"é".repeat(MAX_PATH_BYTES / 2)}`;
    expect(path.length).toBeLessThan(MAX_PATH_LENGTH);
    const result = parse({
      type: "session_start",
      data: { agent_type: "x", agent_version: "1", working_directory: path },
    });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([["data", "working_directory"]]);
    expect(utf8Length("a\u00e9\u20ac\ud83d\ude00\ud83d")).toBe(1 + 2 + 3 + 4 + 3);
  });
});
