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

export const seedCardSessionId = "c0ffee00-1234-4abc-8def-0123456789ab";

/**
 * The example batch of the project's design card (DESIGN §2 shape), as a Pydantic client writes it: `null` for
 * what it does not know and `files_touched` as path strings. Reconstructed from the card's description (its text
 * is not in this repository); every field is one the card lists. Read-only, like the one above.
 */
export const seedCardBatchExample = {
  session_id: seedCardSessionId,
  events: [
    {
      sequence: 1,
      type: "session_start",
      emitted_at: "2025-10-30T02:00:00.000000+00:00",
      observed_at: "2025-10-30T02:00:01.250000+00:00",
      data: {
        agent_type: "claude-code",
        agent_version: "2.0.28",
        working_directory: "/Users/dev/projects/webapp",
        git_branch: "main",
        parent_session_id: null,
        slug: "secure-auth-review",
        summaries: [
          {
            summary: "Review of the authentication code",
            summary_type: "auto",
            last_user_message_id: "main-msg-1",
            num_exchanges: 0,
            timestamp: null,
          },
        ],
        compaction_events: [],
      },
    },
    {
      sequence: 2,
      type: "message",
      emitted_at: "2025-10-30T02:00:02+00:00",
      observed_at: "2025-10-30T02:00:02.500000+00:00",
      data: {
        author_role: "human",
        message_type: "prompt",
        content: "Review src/auth.py for security issues",
        model: null,
        token_usage: null,
      },
    },
    {
      sequence: 3,
      type: "message",
      emitted_at: "2025-10-30T02:00:05.120000+00:00",
      observed_at: "2025-10-30T02:00:05.600000+00:00",
      data: {
        author_role: "assistant",
        message_type: "response",
        content: "I'll read the authentication module first.",
        model: "claude-sonnet-4-5-20250929",
        token_usage: {
          input_tokens: 250,
          output_tokens: 35,
          cache_read_tokens: 1200,
          cache_creation_tokens: 0,
        },
        thinking_content: "The user wants a security review; start with src/auth.py.",
        stop_reason: "tool_use",
      },
    },
    {
      sequence: 4,
      type: "tool_call",
      emitted_at: "2025-10-30T02:00:05.120000+00:00",
      observed_at: "2025-10-30T02:00:05.600000+00:00",
      data: {
        tool_name: "Read",
        tool_use_id: "toolu_read_001",
        parameters: { file_path: "/Users/dev/projects/webapp/src/auth.py" },
      },
    },
    {
      sequence: 5,
      type: "tool_result",
      emitted_at: "2025-10-30T02:00:06+00:00",
      observed_at: "2025-10-30T02:00:06.100000+00:00",
      data: {
        tool_use_id: "toolu_read_001",
        success: true,
        result: "def authenticate(username, password): ...",
      },
    },
    {
      sequence: 6,
      type: "session_end",
      emitted_at: "2025-10-30T02:10:00+00:00",
      observed_at: "2025-10-30T02:10:00.300000+00:00",
      data: {
        outcome: "success",
        summary: "Reviewed src/auth.py; proposed constant-time password comparison",
        files_touched: [
          "/Users/dev/projects/webapp/src/auth.py",
          "/Users/dev/projects/webapp/src/models/user.py",
        ],
        plans: null,
      },
    },
  ],
} satisfies EventBatchInput;
