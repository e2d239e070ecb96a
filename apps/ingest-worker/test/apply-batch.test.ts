import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Queue } from "bullmq";
import { liveEventsStreamKey, parseLiveEntry } from "@catsyphon/queue";
import { Redis } from "ioredis";
import {
  enqueue,
  eventually,
  newId,
  rowsDigest,
  seedEvents,
  startWorkerHarness,
  type WorkerHarness,
} from "./harness";

describe("ingest worker: batches become rows", () => {
  let h: WorkerHarness;
  beforeAll(async () => {
    h = await startWorkerHarness("worker-apply");
  });
  afterAll(() => h.close());

  it("writes the seed session: conversation, project, developer, messages, tool call with its result, tokens", async () => {
    const conversationId = newId();
    await enqueue(h, "seed", conversationId, seedEvents());
    const conversation = await eventually(() =>
      h.prisma.conversation.findFirst({
        where: { id: conversationId, status: "completed" },
        include: { project: true, developer: true, messages: { orderBy: { sequence: "asc" } } },
      }),
    );
    expect(conversation).toMatchObject({
      agentType: "claude_code",
      collectorSessionId: "seed",
      outcome: "success",
      success: true,
      lastEventSequence: 6,
      messageCount: 4,
      toolCallCount: 1,
    });
    expect(conversation.project).toMatchObject({
      name: "catsyphon",
      directoryPath: "/home/alice/projects/catsyphon",
    });
    expect(conversation.developer?.username).toBe("alice");
    expect(Number(conversation.inputTokens)).toBe(1200);
    // claude-sonnet-4-5: 1200 input, 85 output, 14000 cache reads, 900 cache writes (5 min) -> $0.01245.
    expect(Number(conversation.costUsd)).toBeCloseTo(0.01245, 8);
    expect(conversation.messages.map((m) => [m.sequence, m.authorRole, m.messageType])).toEqual([
      [2, "human", "prompt"],
      [3, "assistant", "response"],
      [4, "assistant", "tool_call"],
      [5, "tool", "tool_result"],
    ]);
    const [prompt, response, call] = conversation.messages;
    expect(prompt?.costUsd).toBeNull();
    expect(Number(response?.costUsd)).toBeCloseTo(0.01245, 8);
    expect(response?.extraData).toMatchObject({ model: expect.any(String), token_usage: expect.any(Object) });
    expect(call?.toolCalls).toEqual([
      expect.objectContaining({ tool_name: "Read", tool_use_id: "toolu_01Read", success: true }),
    ]);
    for (const message of conversation.messages) {
      expect(message.emittedAt).toBeInstanceOf(Date);
      expect(message.observedAt).toBeInstanceOf(Date);
      expect(message.serverReceivedAt).toBeInstanceOf(Date);
    }
    const job = await h.prisma.ingestionJob.findFirstOrThrow({ where: { conversationId } });
    expect(job).toMatchObject({
      status: "succeeded",
      eventsAccepted: 6,
      messagesWritten: 4,
      firstSequence: 1,
      lastSequence: 6,
    });
  });

  it("costs a response of an unknown model null (never 0) and counts it in the ingestion job", async () => {
    const id = newId();
    const events = seedEvents().slice(0, 3);
    const response = events[2] as { data: Record<string, unknown> };
    response.data = { ...response.data, model: "mystery-model-9" };
    await enqueue(h, "unknown-model", id, events);
    const job = await eventually(() =>
      h.prisma.ingestionJob.findFirst({ where: { conversationId: id, status: "succeeded" } }),
    );
    expect(job.unknownModelCount).toBe(1);
    const message = await h.prisma.message.findFirstOrThrow({ where: { conversationId: id, sequence: 3 } });
    expect(message.costUsd).toBeNull();
    expect((await h.prisma.conversation.findUniqueOrThrow({ where: { id } })).costUsd).toBeNull();
  });

  it("writes a batch without message rows (a session's start alone) and one whose text holds the column separator", async () => {
    const id = newId();
    const [start, prompt] = seedEvents();
    if (!start || !prompt) throw new Error("the seed has a start and a prompt");
    await enqueue(h, "start-only", id, [start]);
    const job = await eventually(() =>
      h.prisma.ingestionJob.findFirst({ where: { conversationId: id, status: "succeeded" } }),
    );
    expect(job.messagesWritten).toBe(0);
    expect(await h.prisma.conversation.findUniqueOrThrow({ where: { id } })).toMatchObject({
      lastEventSequence: 1,
      messageCount: 0,
    });

    // The worker hands rows to Postgres as one text per column, split at "\u001e\u001f" (delimited-columns.ts).
    const content = "a record separator \u001e\u001f inside, and the NULL marker alone next";
    (prompt as { data: Record<string, unknown> }).data = { ...prompt.data, content };
    const marker = { ...prompt, sequence: 3, data: { ...prompt.data, content: "\u001f\u001e" } };
    await enqueue(h, "start-only", id, [prompt, marker as typeof prompt]);
    await eventually(() => h.prisma.conversation.findFirst({ where: { id, messageCount: 2 } }));
    const messages = await h.prisma.message.findMany({
      where: { conversationId: id },
      orderBy: { sequence: "asc" },
    });
    expect(messages.map((m) => [m.sequence, m.content])).toEqual([
      [2, content],
      [3, "\u001f\u001e"],
    ]);
  });

  it("stores text cut mid-character and text with NUL characters", async () => {
    const id = newId();
    const events = seedEvents().slice(0, 3);
    const prompt = events[1] as { data: Record<string, unknown> };
    prompt.data = { ...prompt.data, content: "cut in an emoji \ud83d and a NUL \u0000 here" };
    const response = events[2] as { data: Record<string, unknown> };
    response.data = { ...response.data, stop_reason: "end\udc00" };
    await enqueue(h, "odd-text", id, events);
    await eventually(() => h.prisma.conversation.findFirst({ where: { id, lastEventSequence: 3 } }));
    const messages = await h.prisma.message.findMany({
      where: { conversationId: id },
      orderBy: { sequence: "asc" },
    });
    expect(messages.map((m) => m.sequence)).toEqual([2, 3]);
    expect(messages[0]?.content).toBe("cut in an emoji \ufffd and a NUL  here");
    expect(messages[1]?.extraData).toMatchObject({ stop_reason: "end\ufffd" });
  });

  it("stores an apply_patch rename: the new path edited, renamed_from the old one, the old path written away", async () => {
    const id = newId();
    const [start] = seedEvents();
    const patch = [
      "*** Begin Patch",
      "*** Update File: src/old_name.py",
      "*** Move to: src/new_name.py",
      "@@",
      "-a",
      "+b",
      "+c",
      "*** End Patch",
    ].join("\n");
    await enqueue(h, "rename", id, [
      start!,
      {
        sequence: 2,
        type: "tool_call",
        emitted_at: "2026-01-01T09:00:02.000Z",
        observed_at: "2026-01-01T09:00:02.000Z",
        data: { tool_name: "apply_patch", tool_use_id: "call_1", parameters: { input: patch } },
      },
    ]);
    await eventually(() => h.prisma.conversation.findFirst({ where: { id, lastEventSequence: 2 } }));
    const files = await h.prisma.fileTouched.findMany({
      where: { conversationId: id },
      orderBy: { filePath: "asc" },
    });
    expect(files.map((f) => [f.filePath, f.changeType, f.linesAdded, f.linesDeleted, f.renamedFrom])).toEqual(
      [
        ["src/new_name.py", "edit", 2, 1, "src/old_name.py"],
        ["src/old_name.py", "write", 0, 0, null],
      ],
    );
  });

  it("a completion applied before the batches ahead of it: the session ends at its last event once they land", async () => {
    const id = newId();
    const at = (second: number) => `2026-02-01T10:00:0${second}.000Z`;
    const message = (sequence: number) => ({
      sequence,
      type: "message" as const,
      emitted_at: at(sequence),
      observed_at: at(sequence),
      data: { author_role: "human" as const, message_type: "prompt" as const, content: `m${sequence}` },
    });
    await enqueue(h, "complete-first", id, [
      {
        sequence: 1,
        type: "session_start",
        emitted_at: at(1),
        observed_at: at(1),
        data: { agent_type: "codex", agent_version: "1" },
      },
    ]);
    await eventually(() => h.prisma.conversation.findFirst({ where: { id } }));
    // The API accepted 2..3 and then the request; the request's job ran first.
    await h.producer.enqueueCompleteSession({
      workspace_id: h.workspaceId,
      conversation_id: id,
      session_id: "complete-first",
      outcome: "success",
      up_to_sequence: 3,
      requested_at: "2026-02-01T11:00:00.000Z",
    });
    await eventually(() => h.prisma.conversation.findFirst({ where: { id, status: "completed" } }));
    await enqueue(h, "complete-first", id, [message(2), message(3)]);
    const done = await eventually(() =>
      h.prisma.conversation.findFirst({ where: { id, lastEventSequence: 3 } }),
    );
    expect(done).toMatchObject({ status: "completed", outcome: "success" });
    expect(done.endTime?.toISOString()).toBe(at(3));
  });

  it("gives the same rows whether the session arrives whole, split, out of order or twice", async () => {
    const whole = newId();
    await enqueue(h, "whole", whole, seedEvents());
    await eventually(() => h.prisma.conversation.findFirst({ where: { id: whole, status: "completed" } }));

    const split = newId();
    const events = seedEvents();
    // Later half first, then the first half, then the whole session again (all duplicates by then).
    await enqueue(h, "split", split, events.slice(3));
    await enqueue(h, "split", split, events.slice(0, 3));
    await enqueue(h, "split", split, events);
    await eventually(async () => {
      const jobs = await h.prisma.ingestionJob.count({
        where: { conversationId: split, status: "succeeded" },
      });
      return jobs === 3;
    });
    const normalize = (digest: string) => digest;
    expect(normalize(await rowsDigest(h.database.url, split))).toEqual(
      normalize(await rowsDigest(h.database.url, whole)),
    );
  });

  it("links a sub-agent to its parent in both arrival orders, and keeps an orphan visible", async () => {
    // Child first.
    const parentA = newId();
    const childA = newId();
    await enqueue(
      h,
      "child-a",
      childA,
      seedEvents({ start: { parent_session_id: "parent-a", working_directory: undefined } }).slice(0, 2),
    );
    await eventually(() => h.prisma.conversation.findFirst({ where: { id: childA } }));
    await enqueue(h, "parent-a", parentA, seedEvents().slice(0, 2));
    const linkedA = await eventually(() =>
      h.prisma.conversation.findFirst({ where: { id: childA, parentConversationId: parentA } }),
    );
    expect(linkedA.conversationType).toBe("agent");
    expect(linkedA.projectId).not.toBeNull();

    // Parent first.
    const parentB = newId();
    const childB = newId();
    await enqueue(h, "parent-b", parentB, seedEvents().slice(0, 2));
    await eventually(() => h.prisma.conversation.findFirst({ where: { id: parentB } }));
    await enqueue(h, "child-b", childB, seedEvents({ start: { parent_session_id: "parent-b" } }).slice(0, 2));
    await eventually(() =>
      h.prisma.conversation.findFirst({ where: { id: childB, parentConversationId: parentB } }),
    );

    // A parent that never comes.
    const orphan = newId();
    await enqueue(
      h,
      "orphan",
      orphan,
      seedEvents({ start: { parent_session_id: "never-arrives" } }).slice(0, 2),
    );
    const row = await eventually(() => h.prisma.conversation.findFirst({ where: { id: orphan } }));
    expect(row).toMatchObject({
      parentSessionId: "never-arrives",
      parentConversationId: null,
      conversationType: "agent",
    });
  });

  it("requests tagging when a session ends and publishes a live event after each committed write", async () => {
    const redis = new Redis(h.redis.url);
    const eventsOf = async (id: string) =>
      (await redis.xrange(liveEventsStreamKey(h.redis.prefix), "-", "+"))
        .map(([, fields]) => parseLiveEntry(fields))
        .filter((event) => event !== undefined && "conversation_id" in event && event.conversation_id === id);
    try {
      const id = newId();
      const events = seedEvents();
      await enqueue(h, "tag-me", id, events.slice(0, 3));
      await eventually(async () => (await eventsOf(id)).length === 1);
      // Published after the commit: the row it announces is there to be read.
      expect(await h.prisma.conversation.count({ where: { id, lastEventSequence: 3 } })).toBe(1);
      await enqueue(h, "tag-me", id, events.slice(3));
      await eventually(async () => (await eventsOf(id)).length === 2);
      expect(await eventsOf(id)).toEqual([
        {
          type: "conversation.created",
          workspace_id: h.workspaceId,
          conversation_id: id,
          parent_conversation_id: null,
          status: "active",
          last_sequence: 3,
        },
        {
          type: "conversation.updated",
          workspace_id: h.workspaceId,
          conversation_id: id,
          parent_conversation_id: null,
          status: "completed",
          last_sequence: 6,
        },
      ]);
      const tagging = new Queue("tagging", { connection: { url: h.redis.url }, prefix: h.redis.prefix });
      const jobs = await tagging.getJobs(["waiting", "delayed", "prioritized"]);
      await tagging.close();
      expect(jobs.filter((job) => job.data.conversation_id === id)).toHaveLength(1);
      expect(jobs.find((job) => job.data.conversation_id === id)?.data).toMatchObject({
        reason: "session_end",
      });
    } finally {
      redis.disconnect();
    }
  });

  it("completes a session on request once its batches are written, and events after an end reopen it", async () => {
    const id = newId();
    const events = seedEvents();
    await enqueue(h, "complete-me", id, events.slice(0, 3));
    await eventually(() => h.prisma.conversation.findFirst({ where: { id, lastEventSequence: 3 } }));
    await h.producer.enqueueCompleteSession({
      workspace_id: h.workspaceId,
      conversation_id: id,
      session_id: "complete-me",
      outcome: "partial",
      summary: "stopped early",
      up_to_sequence: 3,
      requested_at: new Date().toISOString(),
    });
    const completed = await eventually(() =>
      h.prisma.conversation.findFirst({ where: { id, status: "completed" } }),
    );
    expect(completed).toMatchObject({ outcome: "partial", success: null });
    expect(completed.extraData).toMatchObject({ summary: "stopped early" });

    await enqueue(h, "complete-me", id, events.slice(3, 5));
    await eventually(() =>
      h.prisma.conversation.findFirst({ where: { id, status: "active", lastEventSequence: 5 } }),
    );
  });
});
