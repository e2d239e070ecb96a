// Sessions in the shapes the protocol's real clients send (shared/research/clients.md), replayed unchanged
// against the real ingest API (child process) and the real worker (this process), on one database and Redis
// prefix: status codes and response fields as those clients read them, and the rows they leave.
// Both generations: sequenced (v1: the design card, the Python SDK) and unsequenced (v2: the original's current
// watcher, aiobscura), each resent as those clients resend. Values at the edges of the columns: edge-values.test.ts.
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { seedCardBatchExample, seedCardSessionId } from "@catsyphon/protocol";
import { type CollectorStack, startCollectorStack, UUID } from "./collector-stack";
import { eventually, type WorkerHarness } from "./harness";

describe("client compatibility: what existing clients send is stored", () => {
  let stack: CollectorStack;
  let h: WorkerHarness;
  beforeAll(async () => {
    stack = await startCollectorStack("client-compat");
    h = stack.h;
  });
  afterAll(() => stack.close());
  const call = (...args: Parameters<CollectorStack["call"]>) => stack.call(...args);
  const completed = (conversationId: string) => stack.completed(conversationId);

  it("the design card's example batch, verbatim (nulls, path-string files_touched)", async () => {
    const sent = await call("POST", "/collectors/events", seedCardBatchExample);
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ accepted: 6, last_sequence: 6, warnings: [] });
    expect(sent.body.conversation_id).toMatch(UUID);
    const conversation = await completed(sent.body.conversation_id as string);
    expect(conversation).toMatchObject({
      agentType: "claude_code",
      agentVersion: "2.0.28",
      outcome: "success",
      success: true,
      lastEventSequence: 6,
      messageCount: 4,
      inputTokens: 250n,
      outputTokens: 35n,
      cacheReadTokens: 1200n,
    });
    expect(conversation.project?.name).toBe("webapp");
    expect(conversation.developer?.username).toBe("dev");
    expect(conversation.startTime?.toISOString()).toBe("2025-10-30T02:00:00.000Z");
    expect(conversation.endTime?.toISOString()).toBe("2025-10-30T02:10:00.000Z");
    expect(conversation.extraData).toMatchObject({
      slug: "secure-auth-review",
      summaries: [{ summary_type: "auto", last_user_message_id: "main-msg-1", timestamp: null }],
      summary: "Reviewed src/auth.py; proposed constant-time password comparison",
    });
    expect(conversation.extraData).not.toHaveProperty("parent_session_id");
    expect(conversation.messages.map((m) => [m.sequence, m.messageType])).toEqual([
      [2, "prompt"],
      [3, "response"],
      [4, "tool_call"],
      [5, "tool_result"],
    ]);
    expect(conversation.messages[1]?.thinkingContent).toMatch(/security review/);
    expect(conversation.messages[2]?.toolCalls).toEqual([
      expect.objectContaining({ tool_use_id: "toolu_read_001", success: true }),
    ]);
    expect(conversation.filesTouched.map((f) => [f.sourceSequence, f.filePath, f.changeType])).toEqual([
      [4, "/Users/dev/projects/webapp/src/auth.py", "read"],
      [6, "/Users/dev/projects/webapp/src/auth.py", "edit"],
      [6, "/Users/dev/projects/webapp/src/models/user.py", "edit"],
    ]);

    const status = await call("GET", `/collectors/sessions/${seedCardSessionId}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      session_id: seedCardSessionId,
      conversation_id: sent.body.conversation_id,
      last_sequence: 6,
      event_count: 4,
      first_event_at: "2025-10-30T02:00:00.000Z",
      last_event_at: "2025-10-30T02:10:00.000Z",
      status: "completed",
    });

    // A resend is all duplicates: still exactly 202, and every message once.
    const again = await call("POST", "/collectors/events", seedCardBatchExample);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 6, last_sequence: 6 });
    expect(await h.prisma.message.count({ where: { conversationId: conversation.id } })).toBe(4);
  });

  it("a v1 Python-SDK session: sequences, nulls, PlanInfo plans, complete with final_sequence and summary: null", async () => {
    const sessionId = "my-session-123";
    const at = (second: number) => `2026-03-01T12:00:${String(second).padStart(2, "0")}.000001+00:00`;
    const event = (sequence: number, type: string, data: Record<string, unknown>) => ({
      sequence,
      type,
      emitted_at: at(sequence),
      observed_at: at(sequence),
      data,
    });
    const plan = {
      plan_file_path: "/home/sam/.claude/plans/login.md",
      initial_content: "# Plan\n1. form",
      final_content: "# Plan\n1. form\n2. tests",
      status: "approved",
      iteration_count: 2,
      operations: [
        {
          operation_type: "create",
          file_path: "/home/sam/.claude/plans/login.md",
          content: "# Plan\n1. form",
          old_content: null,
          new_content: null,
          timestamp: null,
          message_index: 1,
        },
      ],
      entry_message_index: 1,
      exit_message_index: null,
      related_agent_session_ids: [],
    };
    const events = [
      event(1, "session_start", {
        agent_type: "my-agent",
        agent_version: "1.0",
        working_directory: "/home/sam/src/shop",
        git_branch: null,
        parent_session_id: null,
        context_semantics: null,
      }),
      event(2, "message", { author_role: "human", message_type: "prompt", content: "Add a login form" }),
      event(3, "message", {
        author_role: "assistant",
        message_type: "plan",
        content: "1. form 2. tests",
        model: "gpt-5",
        token_usage: { input_tokens: 900, output_tokens: 120, cache_read_tokens: null },
        stop_reason: null,
      }),
      event(4, "tool_call", {
        tool_name: "Write",
        tool_use_id: "tool_5",
        parameters: { path: "/home/sam/src/shop/login.tsx", content: "a\nb" },
      }),
      event(5, "tool_result", { tool_use_id: "tool_5", success: true, result: "written" }),
      event(6, "thinking", { content: "done?", thinking_id: null }),
      event(7, "error", { error_type: "rate_limit", message: "slow down", details: null }),
      event(8, "session_end", {
        outcome: "success",
        total_messages: 8,
        summary: null,
        plans: [plan],
        files_touched: [
          "/home/sam/src/shop/login.tsx",
          { file_path: "/home/sam/src/shop/README.md", change_type: "read" },
        ],
      }),
    ];
    const sent = await call("POST", "/collectors/events", { session_id: sessionId, events });
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ accepted: 8, last_sequence: 8 });
    const conversationId = sent.body.conversation_id as string;
    await completed(conversationId);

    // The SDK's complete() sends session_end first, then this; an unknown session is 404 (not 200 with nulls).
    const complete = await call("POST", `/collectors/sessions/${sessionId}/complete`, {
      final_sequence: 8,
      outcome: "success",
      summary: null,
    });
    expect(complete.status).toBe(200);
    expect(complete.body).toEqual({
      session_id: sessionId,
      conversation_id: conversationId,
      status: "completed",
      outcome: "success",
      total_events: 8,
    });
    expect(
      (await call("POST", "/collectors/sessions/never-sent/complete", { outcome: "success" })).status,
    ).toBe(404);
    expect((await call("GET", "/collectors/sessions/never-sent")).status).toBe(404);

    const conversation = await completed(conversationId);
    expect(conversation).toMatchObject({
      agentType: "my-agent",
      outcome: "success",
      success: true,
      messageCount: 6,
      toolCallCount: 1,
      inputTokens: 900n,
      outputTokens: 120n,
    });
    expect(conversation.project?.name).toBe("shop");
    expect(conversation.developer?.username).toBe("sam");
    expect(conversation.extraData).toMatchObject({ plans: [plan], total_messages: 8 });
    expect(conversation.messages.find((m) => m.sequence === 3)?.messageType).toBe("plan");
    expect(
      conversation.filesTouched.map((f) => [f.sourceSequence, f.filePath, f.changeType, f.linesAdded]),
    ).toEqual([
      [4, "/home/sam/src/shop/login.tsx", "write", 2],
      [8, "/home/sam/src/shop/README.md", "read", 0],
      [8, "/home/sam/src/shop/login.tsx", "edit", 0],
    ]);
    const status = await call("GET", `/collectors/sessions/${sessionId}`);
    expect(status.status).toBe(200);
    for (const key of ["last_sequence", "event_count"]) expect(Number.isInteger(status.body[key])).toBe(true);
    expect(status.body).toMatchObject({ last_sequence: 8, event_count: 6, status: "completed" });
  });

  it("aiobscura's shapes: raw_data stored apart, tool events without tool_use_id, any agent, partial outcome", async () => {
    const sessionId = "4f1d2c3b-0000-4000-8000-00000000abcd";
    const rawRecord = {
      type: "response_item",
      payload: { type: "function_call", name: "shell", output: "x".repeat(200_000) },
    };
    const at = (ms: number) =>
      new Date(Date.UTC(2026, 2, 1, 12, 0, 0, ms)).toISOString().replace(".000Z", "Z");
    const events = [
      {
        sequence: 1,
        type: "session_start",
        emitted_at: at(0),
        observed_at: "2026-03-01T12:10:00.123456789Z",
        data: { agent_type: "aider", agent_version: "0.1.11", working_directory: "/Users/ana/code/cli" },
      },
      {
        sequence: 2,
        type: "tool_call",
        emitted_at: at(1000),
        observed_at: at(1000),
        event_hash: "717827a1fda8b236febff615c3af314c",
        data: { tool_name: "shell", raw_data: rawRecord },
      },
      {
        sequence: 3,
        type: "tool_result",
        emitted_at: at(1500),
        observed_at: at(1500),
        data: { success: true, result: "ok", raw_data: rawRecord },
      },
      {
        sequence: 4,
        type: "message",
        emitted_at: at(2000),
        observed_at: at(2000),
        data: {
          author_role: "assistant",
          message_type: "context",
          token_usage: { input_tokens: 10, output_tokens: 0 },
        },
      },
    ];
    const sent = await call("POST", "/collectors/events", { session_id: sessionId, events });
    expect(sent.status).toBe(202);
    const conversationId = sent.body.conversation_id as string;
    const complete = await call("POST", `/collectors/sessions/${sessionId}/complete`, {
      event_count: 3,
      outcome: "partial",
      summary: "Completed by aiobscura after inactivity",
    });
    expect(complete.status).toBe(200);
    const conversation = await completed(conversationId);
    expect(conversation).toMatchObject({ agentType: "aider", outcome: "partial", success: null });
    const [call2, result3, message4] = conversation.messages;
    expect(call2?.toolCalls).toEqual([
      expect.objectContaining({ tool_name: "shell", tool_use_id: "catsyphon-seq-2" }),
    ]);
    expect(result3?.toolCalls).toEqual([
      expect.objectContaining({ tool_use_id: "catsyphon-seq-3", success: true }),
    ]);
    expect(message4).toMatchObject({ messageType: "context", content: "" });
    // raw_data is not in the rows the dashboard reads, but kept whole beside them.
    for (const message of conversation.messages)
      expect(JSON.stringify(message.extraData)).not.toContain("raw_data");
    const raw = await h.prisma.messageRawData.findMany({
      where: { conversationId },
      orderBy: { sequence: "asc" },
    });
    expect(raw.map((r) => r.sequence)).toEqual([2, 3]);
    expect(raw[0]?.rawData).toEqual(rawRecord);
  });

  it("the original's v2 watcher: no sequence, its own event_hash, nulls, path strings, PlanInfo; resent whole", async () => {
    const sessionId = "8c1e5f0a-2b3c-4d5e-8f90-0a1b2c3d4e5f";
    const at = (second: number) => `2026-03-02T09:00:${String(second).padStart(2, "0")}.024000+00:00`;
    // The watcher hashes each event itself (sha256 of type, time and data, 32 hex characters); any such value.
    const event = (second: number, type: string, data: Record<string, unknown>) => ({
      type,
      emitted_at: at(second),
      observed_at: "2026-03-02T09:05:00.412331+00:00",
      event_hash: randomBytes(16).toString("hex"),
      data,
    });
    const plan = {
      plan_file_path: "/Users/kim/.claude/plans/cache.md",
      initial_content: "# Cache\n1. keys",
      final_content: null,
      status: "active",
      iteration_count: 1,
      operations: [],
      entry_message_index: 2,
      exit_message_index: null,
      related_agent_session_ids: [],
    };
    const start = event(0, "session_start", {
      agent_type: "claude-code",
      agent_version: "2.0.14",
      working_directory: "/Users/kim/work/api",
      git_branch: null,
      compaction_events: [{ timestamp: null, trigger: "auto", pre_tokens: null }],
    });
    const body = [
      event(1, "tool_call", {
        tool_name: "Edit",
        tool_use_id: `tool_${at(1)}_0`,
        parameters: { file_path: "/Users/kim/work/api/cache.py", old_string: "a", new_string: "a\nb" },
      }),
      event(1, "message", {
        author_role: "assistant",
        message_type: "response",
        content: "Added the cache key",
        model: "claude-sonnet-4-5",
        token_usage: {
          input_tokens: 300,
          output_tokens: 40,
          cache_creation_tokens: 0,
          cache_read_tokens: 5000,
        },
      }),
      event(2, "tool_result", { tool_use_id: `tool_${at(1)}_0`, success: true, result: '["ok"]' }),
      event(3, "message", { author_role: "human", message_type: "prompt", content: "thanks" }),
      event(4, "session_end", {
        outcome: "unknown",
        total_messages: 5,
        plans: [plan],
        files_touched: ["/Users/kim/work/api/cache.py"],
      }),
    ];

    // Incremental path: status first (404: not started), then a lone session_start, then slices of events.
    expect((await call("GET", `/collectors/sessions/${sessionId}`)).status).toBe(404);
    const started = await call("POST", "/collectors/events", { session_id: sessionId, events: [start] });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ accepted: 1, last_sequence: 1 });
    expect(started.body.conversation_id).toMatch(UUID);
    const first = await call("POST", "/collectors/events", {
      session_id: sessionId,
      events: body.slice(0, 3),
    });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ accepted: 3, last_sequence: 4 });
    // A retried slice overlapping the next one, then the whole session again (the full-parse path): each event
    // is known by its hash, session_start included, and nothing is counted twice.
    const second = await call("POST", "/collectors/events", { session_id: sessionId, events: body.slice(1) });
    expect(second.status).toBe(202);
    expect(second.body).toMatchObject({ accepted: 2, last_sequence: 6 });
    const again = await call("POST", "/collectors/events", {
      session_id: sessionId,
      events: [start, ...body],
    });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ accepted: 0, last_sequence: 6 });
    const complete = await call("POST", `/collectors/sessions/${sessionId}/complete`, {
      event_count: 6,
      outcome: "success",
      summary: null,
    });
    expect(complete.status).toBe(200);
    expect(complete.body).toMatchObject({ status: "completed", outcome: "success", total_events: 6 });

    // session_end (outcome unknown) completes it first; the complete request sets the outcome; the batches and the
    // request are separate jobs, applied in any order: wait for all of them.
    await eventually(() =>
      h.prisma.conversation.findFirst({
        where: { id: started.body.conversation_id as string, outcome: "success", lastEventSequence: 6 },
      }),
    );
    const conversation = await completed(started.body.conversation_id as string);
    expect(conversation).toMatchObject({
      agentType: "claude_code",
      lastEventSequence: 6,
      outcome: "success",
      success: true,
      inputTokens: 300n,
      outputTokens: 40n,
      cacheReadTokens: 5000n,
    });
    // Whichever job came first, the session ends at its last event.
    expect(conversation.endTime?.toISOString()).toBe("2026-03-02T09:00:04.024Z");
    expect(conversation.project?.name).toBe("api");
    expect(conversation.developer?.username).toBe("kim");
    expect(conversation.messages.map((m) => [m.sequence, m.messageType])).toEqual([
      [2, "tool_call"],
      [3, "response"],
      [4, "tool_result"],
      [5, "prompt"],
    ]);
    expect(conversation.extraData).toMatchObject({
      plans: [plan],
      compaction_events: [{ timestamp: null, trigger: "auto", pre_tokens: null }],
    });
    expect(conversation.filesTouched.map((f) => [f.sourceSequence, f.filePath, f.changeType])).toEqual([
      [2, "/Users/kim/work/api/cache.py", "edit"],
      [6, "/Users/kim/work/api/cache.py", "edit"],
    ]);
    const status = await call("GET", `/collectors/sessions/${sessionId}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ session_id: sessionId, last_sequence: 6, status: "completed" });
  });

  it("an unsequenced aiobscura session: MBs of raw_data, no hash on session_start, Codex tools without ids, partial", async () => {
    const sessionId = "019cd9a0-aaaa-7000-8000-00000000c0de";
    // chrono's RFC 3339: Z with 0, 3, 6 or 9 fraction digits.
    const times = ["2026-03-03T08:00:00Z", "2026-03-03T08:00:01.5Z", "2026-03-03T08:00:02.250000Z"];
    const at = (index: number) =>
      times[index % 3]?.replace("08:00:0", `08:0${Math.floor(index / 3)}:0`) ?? "";
    const line = (index: number) => ({
      timestamp: at(index),
      type: "response_item",
      payload: { type: "function_call_output", output: `${index}:`.padEnd(900_000, "x") },
    });
    // aiobscura's own hash formula (sha256 of its compact serialization, 16 bytes): any 32 hex characters here.
    const hash = (index: number) =>
      createHash("sha256").update(`aiobscura:${index}`).digest("hex").slice(0, 32);
    const start = {
      type: "session_start",
      emitted_at: at(0),
      observed_at: "2026-03-03T09:10:00.123456789Z",
      data: { agent_type: "codex", agent_version: "0.1.11", working_directory: "/home/lee/repos/etl" },
    };
    const messages = [1, 2, 3, 4].map((index) => ({
      type: index % 2 === 1 ? "tool_call" : "tool_result",
      emitted_at: at(index),
      observed_at: "2026-03-03T09:10:00.5Z",
      event_hash: hash(index),
      data:
        index % 2 === 1
          ? { tool_name: "shell", parameters: { command: ["ls"] }, raw_data: line(index) }
          : { success: true, result: "a\nb", raw_data: line(index) },
    }));
    const prompt = {
      type: "message",
      emitted_at: at(5),
      observed_at: "2026-03-03T09:10:00.5Z",
      event_hash: hash(5),
      data: {
        author_role: "human",
        message_type: "prompt",
        content: "list the files",
        token_usage: { input_tokens: 1200, output_tokens: 0 },
        raw_data: line(5),
      },
    };

    expect((await call("GET", `/collectors/sessions/${encodeURIComponent(sessionId)}`)).status).toBe(404);
    const started = await call("POST", "/collectors/events", { session_id: sessionId, events: [start] });
    expect(started.status).toBe(202);
    const batch = { session_id: sessionId, events: [...messages, prompt] };
    expect(JSON.stringify(batch).length).toBeGreaterThan(4_000_000);
    const sent = await call("POST", "/collectors/events", batch);
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ accepted: 5, last_sequence: 6 });
    // A failed publish is retried with the same messages on the next poll, and a restart re-sends session_start.
    const resent = await call("POST", "/collectors/events", batch);
    expect(resent.status).toBe(202);
    expect(resent.body).toMatchObject({ accepted: 0, last_sequence: 6 });
    expect(
      (await call("POST", "/collectors/events", { session_id: sessionId, events: [start] })).body,
    ).toMatchObject({ accepted: 0, last_sequence: 6 });
    const status = await call("GET", `/collectors/sessions/${encodeURIComponent(sessionId)}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ session_id: sessionId, last_sequence: 6, status: "active" });
    expect(Number.isInteger(status.body.event_count)).toBe(true);

    // After 60 idle minutes it completes the session itself; it never sends session_end.
    const complete = await call("POST", `/collectors/sessions/${sessionId}/complete`, {
      event_count: 5,
      outcome: "partial",
      summary: "Completed by aiobscura after inactivity",
    });
    expect(complete.status).toBe(200);
    const conversation = await completed(started.body.conversation_id as string);
    expect(conversation).toMatchObject({
      agentType: "codex",
      outcome: "partial",
      success: null,
      lastEventSequence: 6,
    });
    expect(conversation.project?.name).toBe("etl");
    expect(conversation.developer?.username).toBe("lee");
    expect(conversation.messages.map((m) => [m.sequence, m.messageType])).toEqual([
      [2, "tool_call"],
      [3, "tool_result"],
      [4, "tool_call"],
      [5, "tool_result"],
      [6, "prompt"],
    ]);
    expect(conversation.messages[0]?.toolCalls).toEqual([
      expect.objectContaining({ tool_name: "shell", tool_use_id: "catsyphon-seq-2" }),
    ]);
    for (const message of conversation.messages)
      expect(JSON.stringify(message.extraData)).not.toContain("raw_data");
    const raw = await h.prisma.messageRawData.findMany({
      where: { conversationId: conversation.id },
      orderBy: { sequence: "asc" },
    });
    expect(raw.map((r) => r.sequence)).toEqual([2, 3, 4, 5, 6]);
    expect(raw[4]?.rawData).toEqual(line(5));
  });
});
