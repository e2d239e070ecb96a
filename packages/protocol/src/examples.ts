// A small, realistic batch (one Claude Code session start to end) that tests across the monorepo reuse.
// Treat it as read-only: `structuredClone` it before changing anything.
import { type EventBatchInput } from "./batch";

export const seedSessionId = "3f2c9a4e-8b1d-4c6e-9f7a-2d5b8e1c4a90";

export const seedBatchExample = {
  session_id: seedSessionId,
  events: [
    {
      sequence: 1,
      type: "session_start",
      emitted_at: "2025-06-01T09:00:00.000Z",
      observed_at: "2025-06-01T09:00:00.250Z",
      data: {
        agent_type: "claude-code",
        agent_version: "2.0.14",
        working_directory: "/home/alice/projects/catsyphon",
        git_branch: "main",
        slug: "fix-readme-typo",
        hostname: "alice-laptop",
      },
    },
    {
      sequence: 2,
      type: "message",
      emitted_at: "2025-06-01T09:00:05.000Z",
      observed_at: "2025-06-01T09:00:05.120Z",
      data: {
        author_role: "human",
        message_type: "prompt",
        content: "Fix the typo in README.md",
        message_id: "msg-user-1",
      },
    },
    {
      sequence: 3,
      type: "message",
      emitted_at: "2025-06-01T09:00:08.000Z",
      observed_at: "2025-06-01T09:00:08.090Z",
      data: {
        author_role: "assistant",
        message_type: "response",
        content: "I'll read README.md first.",
        message_id: "msg_01ABCdef",
        request_id: "req_01XYZ",
        model: "claude-sonnet-4-5-20250929",
        stop_reason: "tool_use",
        token_usage: {
          input_tokens: 1200,
          output_tokens: 85,
          cache_read_tokens: 14000,
          cache_creation_tokens: 900,
          cache_creation_5m_tokens: 900,
          cache_creation_1h_tokens: 0,
        },
      },
    },
    {
      sequence: 4,
      type: "tool_call",
      emitted_at: "2025-06-01T09:00:08.000Z",
      observed_at: "2025-06-01T09:00:08.090Z",
      data: {
        tool_name: "Read",
        tool_use_id: "toolu_01Read",
        parameters: { file_path: "/home/alice/projects/catsyphon/README.md" },
        message_id: "msg_01ABCdef",
      },
    },
    {
      sequence: 5,
      type: "tool_result",
      emitted_at: "2025-06-01T09:00:08.500Z",
      observed_at: "2025-06-01T09:00:08.600Z",
      data: {
        tool_use_id: "toolu_01Read",
        success: true,
        result: "     1\t# CatSyphon\n     2\tTeh archive of agent sessions.\n",
      },
    },
    {
      sequence: 6,
      type: "session_end",
      emitted_at: "2025-06-01T09:01:00.000Z",
      observed_at: "2025-06-01T09:01:00.300Z",
      data: {
        outcome: "success",
        summary: "Fixed a typo in README.md",
        files_touched: [{ file_path: "/home/alice/projects/catsyphon/README.md", change_type: "read" }],
      },
    },
  ],
} satisfies EventBatchInput;
