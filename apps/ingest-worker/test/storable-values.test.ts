// Issue 11 item 4, worker side. The values the issue found poisoning a session (a token count whose cost
// overflows, lines_added beyond int4, a NUL in /complete's summary) are refused at the edge now (decision 0020),
// and the ingest job's schema is the protocol's, so they cannot reach the worker in a job: one added past the
// producer (an older API's) is parked with its reason, never lost, while its session's other batches land. What the
// protocol accepts but no column holds as sent (a path in free tool parameters too long to index, a NUL in it, a
// key the worker owns) is stored, and kept under extra_data.uninterpreted.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { protocolEventSchema, type ProtocolEventInput } from "@catsyphon/protocol";
import { createRedisConnection, openQueue, QUEUE_NAMES } from "@catsyphon/queue";
import { enqueue, eventually, newId, startWorkerHarness, type WorkerHarness } from "./harness";

const at = "2026-01-01T09:00:00.000Z";
const event = (
  sequence: number,
  type: string,
  data: Record<string, unknown>,
  when = at,
): ProtocolEventInput =>
  ({ sequence, type, emitted_at: when, observed_at: when, data }) as ProtocolEventInput;

describe("values no column can hold", () => {
  let h: WorkerHarness;
  beforeAll(async () => {
    h = await startWorkerHarness("worker-storable");
  });
  afterAll(() => h.close());

  it("store the batch and keep what no column holds aside", async () => {
    const id = newId();
    const longPath = `/home/alice/${"d".repeat(3_000)}.ts`;
    await enqueue(h, "storable", id, [
      event(1, "session_start", {
        agent_type: "claude_code",
        agent_version: "1.0.0",
        working_directory: "/home/alice/shop",
        end_sequence: "not a number",
      }),
      event(2, "message", {
        author_role: "assistant",
        message_type: "response",
        content: "x\u0000y",
        model: "claude-sonnet-4-5",
        token_usage: { input_tokens: 2_147_483_647, output_tokens: 10 },
      }),
      // Offsets Postgres cannot parse as written: the edge has normalized them to UTC.
      event(
        3,
        "message",
        { author_role: "human", message_type: "prompt", content: "late" },
        "2026-01-01T00:00:00-23:59",
      ),
      event(4, "tool_call", {
        tool_name: "Write",
        tool_use_id: "toolu_1",
        parameters: { file_path: "/home/alice/a\u0000b.ts", content: "x\ny" },
      }),
      event(5, "tool_call", {
        tool_name: "Read",
        tool_use_id: "toolu_2",
        parameters: { file_path: longPath },
      }),
      event(6, "session_end", {
        outcome: "success",
        files_touched: [{ file_path: "/home/alice/ok.ts", change_type: "edit", lines_added: 2_147_483_647 }],
      }),
    ]);
    const conversation = await eventually(() =>
      h.prisma.conversation.findFirst({ where: { id, status: "completed" } }),
    );
    expect(conversation).toMatchObject({
      agentType: "claude_code",
      messageCount: 4,
      inputTokens: 2_147_483_647n,
    });
    const extra = conversation.extraData as Record<string, unknown>;
    // The worker's own key: the client's value is kept aside, under a key of that event's own.
    expect(extra.end_sequence).toBe(6);
    expect(extra.uninterpreted_1).toEqual({ end_sequence: "not a number" });

    const messages = await h.prisma.message.findMany({
      where: { conversationId: id },
      orderBy: { sequence: "asc" },
    });
    expect(messages.map((m) => m.sequence)).toEqual([2, 3, 4, 5]);
    expect(messages[0]?.content).toBe("xy");
    expect(messages[0]?.costUsd).not.toBeNull();
    expect(messages[1]?.emittedAt.toISOString()).toBe("2026-01-01T23:59:00.000Z");
    // The long path stays in the call as sent; it is no file touched.
    expect(messages[3]?.toolCalls).toEqual([
      expect.objectContaining({ parameters: { file_path: longPath } }),
    ]);

    const files = await h.prisma.fileTouched.findMany({
      where: { conversationId: id },
      orderBy: { filePath: "asc" },
    });
    expect(files.map((f) => [f.filePath, f.linesAdded])).toEqual([
      ["/home/alice/ab.ts", 2],
      ["/home/alice/ok.ts", 2_147_483_647],
    ]);
    expect(await h.prisma.ingestionJob.count({ where: { conversationId: id, status: "succeeded" } })).toBe(1);
  });

  it("values beyond the protocol's bounds cannot be queued; a job holding one is parked, the session's others land", async () => {
    const poison: ProtocolEventInput[] = [
      event(2, "message", {
        author_role: "assistant",
        message_type: "response",
        content: "expensive",
        token_usage: { input_tokens: Number.MAX_SAFE_INTEGER },
      }),
      event(
        2,
        "message",
        { author_role: "human", message_type: "prompt", content: "x" },
        "0000-01-01T00:00:00Z",
      ),
      event(2, "session_end", {
        outcome: "success",
        files_touched: [{ file_path: "/a.ts", change_type: "edit", lines_added: 2_147_483_648 }],
      }),
    ];
    for (const value of poison) expect(protocolEventSchema.safeParse(value).success).toBe(false);

    const id = newId();
    await enqueue(h, "storable-old-job", id, [
      event(1, "session_start", { agent_type: "codex", agent_version: "1" }),
    ]);
    // As an older API (without the bounds) would have queued it: straight onto the queue, past the producer.
    const connection = createRedisConnection(h.redis.url, "worker");
    const queue = openQueue(QUEUE_NAMES.ingest, connection, h.redis.prefix);
    try {
      await queue.add("ingest-batch", {
        workspace_id: h.workspaceId,
        collector_id: null,
        source: "collector",
        session_id: "storable-old-job",
        conversation_id: id,
        first_sequence: 2,
        last_sequence: 2,
        server_received_at: new Date().toISOString(),
        events: [poison[0]],
      });
      await enqueue(h, "storable-old-job", id, [
        event(3, "message", { author_role: "human", message_type: "prompt", content: "later" }),
      ]);
      const parked = await eventually(async () => {
        const [job] = await queue.getFailed(0, 0);
        return job;
      });
      expect(parked.failedReason).toMatch(/input_tokens/);
      await eventually(() =>
        h.prisma.message.findFirst({ where: { conversationId: id, sequence: 3, content: "later" } }),
      );
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });

  it("a completion whose summary holds a NUL is applied", async () => {
    const id = newId();
    await enqueue(h, "storable-complete", id, [
      event(1, "session_start", { agent_type: "codex", agent_version: "1" }),
    ]);
    await eventually(() => h.prisma.conversation.findFirst({ where: { id } }));
    await h.producer.enqueueCompleteSession({
      workspace_id: h.workspaceId,
      conversation_id: id,
      session_id: "storable-complete",
      outcome: "success",
      summary: "done\u0000 here",
      up_to_sequence: 1,
      requested_at: new Date().toISOString(),
    });
    const done = await eventually(() =>
      h.prisma.conversation.findFirst({ where: { id, status: "completed" } }),
    );
    expect(done.extraData).toMatchObject({ summary: "done here" });
  });
});
