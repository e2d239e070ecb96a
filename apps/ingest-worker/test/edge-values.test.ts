// Values at the edges of what the columns hold, as a client sends them through the real API and worker: refused at
// the edge naming the field, or stored; never a batch stuck for ever (issue 11 item 4, decision 0020).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { MAX_INT4 } from "@catsyphon/protocol";
import { type CollectorStack, startCollectorStack } from "./collector-stack";
import { eventually, type WorkerHarness } from "./harness";

describe("poison values: refused at the edge naming the field, or stored; never a stuck job", () => {
  let stack: CollectorStack;
  let h: WorkerHarness;
  beforeAll(async () => {
    stack = await startCollectorStack("edge-values");
    h = stack.h;
  });
  afterAll(() => stack.close());
  const call = (...args: Parameters<CollectorStack["call"]>) => stack.call(...args);
  const completed = (conversationId: string) => stack.completed(conversationId);

  const start = (sessionId: string) => ({
    sequence: 1,
    type: "session_start",
    emitted_at: "2026-03-01T12:00:00Z",
    observed_at: "2026-03-01T12:00:00Z",
    data: {
      agent_type: "claude_code",
      agent_version: "2.0.0",
      working_directory: `/home/eve/${sessionId}`,
    },
  });

  it("token_usage.input_tokens = 2^53-1 is a 400 at that field; the session's next batch lands", async () => {
    const sessionId = "poison-tokens";
    const poisoned = await call("POST", "/collectors/events", {
      session_id: sessionId,
      events: [
        start(sessionId),
        {
          sequence: 2,
          type: "message",
          emitted_at: "2026-03-01T12:00:01Z",
          observed_at: "2026-03-01T12:00:01Z",
          data: {
            author_role: "assistant",
            message_type: "response",
            content: "x",
            model: "claude-sonnet-4-5",
            token_usage: { input_tokens: 9007199254740991 },
          },
        },
      ],
    });
    expect(poisoned.status).toBe(400);
    expect(poisoned.body.details).toEqual([
      expect.objectContaining({ path: "events.1.data.token_usage.input_tokens" }),
    ]);
    // The largest accepted value is stored, cost included (numeric(20,10) holds it).
    const fine = await call("POST", "/collectors/events", {
      session_id: sessionId,
      events: [
        start(sessionId),
        {
          sequence: 2,
          type: "message",
          emitted_at: "2026-03-01T12:00:01Z",
          observed_at: "2026-03-01T12:00:01Z",
          data: {
            author_role: "assistant",
            message_type: "response",
            content: "x",
            model: "claude-opus-4-1",
            token_usage: {
              input_tokens: MAX_INT4,
              output_tokens: MAX_INT4,
              cache_read_tokens: MAX_INT4,
              cache_creation_tokens: MAX_INT4,
            },
          },
        },
      ],
    });
    expect(fine.status).toBe(202);
    const row = await eventually(() =>
      h.prisma.conversation.findFirst({
        where: { id: fine.body.conversation_id as string, messageCount: 1 },
      }),
    );
    expect(row.inputTokens).toBe(BigInt(MAX_INT4));
  });

  it("files_touched[].lines_added = 2^31 is a 400 at that field", async () => {
    const res = await call("POST", "/collectors/events", {
      session_id: "poison-lines",
      events: [
        start("poison-lines"),
        {
          sequence: 2,
          type: "session_end",
          emitted_at: "2026-03-01T12:00:02Z",
          observed_at: "2026-03-01T12:00:02Z",
          data: {
            outcome: "success",
            files_touched: [{ file_path: "/a", change_type: "edit", lines_added: 2147483648 }],
          },
        },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      expect.objectContaining({ path: "events.1.data.files_touched.0.lines_added" }),
    ]);
  });

  it("a tool call's path too long for the files_touched index: the call is stored, the touch left out", async () => {
    const sessionId = "poison-long-path";
    // Random, so Postgres cannot compress it into the index entry.
    const longPath = `/home/eve/${randomBytes(1500).toString("hex")}.py`;
    const sent = await call("POST", "/collectors/events", {
      session_id: sessionId,
      events: [
        start(sessionId),
        {
          sequence: 2,
          type: "tool_call",
          emitted_at: "2026-03-01T12:00:01Z",
          observed_at: "2026-03-01T12:00:01Z",
          data: { tool_name: "Read", tool_use_id: "t-long", parameters: { file_path: longPath } },
        },
        {
          sequence: 3,
          type: "session_end",
          emitted_at: "2026-03-01T12:00:02Z",
          observed_at: "2026-03-01T12:00:02Z",
          data: { outcome: "success" },
        },
      ],
    });
    expect(sent.status).toBe(202);
    const conversation = await completed(sent.body.conversation_id as string);
    expect(conversation.messages[0]?.toolCalls).toEqual([
      expect.objectContaining({ parameters: { file_path: longPath } }),
    ]);
    expect(conversation.filesTouched).toEqual([]);
    // The same path in the protocol's own fields is refused at the edge, naming it.
    const refused = await call("POST", "/collectors/events", {
      session_id: "poison-long-path-2",
      events: [
        { ...start("x"), data: { agent_type: "codex", agent_version: "1", working_directory: longPath } },
      ],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([
      expect.objectContaining({ path: "events.0.data.working_directory" }),
    ]);
  });

  it("NUL in complete's summary and in event text is stored stripped", async () => {
    const sessionId = "poison-nul";
    const sent = await call("POST", "/collectors/events", {
      session_id: sessionId,
      events: [
        start(sessionId),
        {
          sequence: 2,
          type: "message",
          emitted_at: "2026-03-01T12:00:01Z",
          observed_at: "2026-03-01T12:00:01Z",
          data: {
            author_role: "human",
            message_type: "prompt",
            content: "a\u0000b",
            "k\u0000ey": ["\u0000", "\\u0000 stays text"],
          },
        },
        {
          sequence: 3,
          type: "tool_call",
          emitted_at: "2026-03-01T12:00:02Z",
          observed_at: "2026-03-01T12:00:02Z",
          data: { tool_name: "Read", tool_use_id: "t1", parameters: { file_path: "/home/eve/a\u0000.py" } },
        },
      ],
    });
    expect(sent.status).toBe(202);
    const complete = await call("POST", `/collectors/sessions/${sessionId}/complete`, {
      outcome: "failed",
      summary: "gave\u0000 up",
    });
    expect(complete.status).toBe(200);
    expect(complete.body.outcome).toBe("failure");
    const conversation = await completed(sent.body.conversation_id as string);
    expect(conversation).toMatchObject({ outcome: "failure", success: false });
    expect(conversation.extraData).toMatchObject({ summary: "gave up" });
    expect(conversation.messages[0]?.content).toBe("ab");
    expect(conversation.messages[0]?.extraData).toMatchObject({ key: ["", "\\u0000 stays text"] });
    expect(conversation.filesTouched.map((f) => f.filePath)).toEqual(["/home/eve/a.py"]);
  });
});
