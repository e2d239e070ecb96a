// Issue 11 item 4, worker side: the values the issue found poisoning a session (a token count whose cost
// overflows, lines_added beyond int, a NUL in /complete's summary), and their kin, are stored: the batch lands,
// session_start included, and what no column can hold is kept under extra_data.uninterpreted as sent.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type ProtocolEventInput } from "@catsyphon/protocol";
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

  it("store the batch and keep the values aside", async () => {
    const id = newId();
    const longDirectory = `/home/alice/${"d".repeat(3_000)}`;
    await enqueue(h, "storable", id, [
      event(1, "session_start", {
        agent_type: "claude_code",
        agent_version: "1.0.0",
        working_directory: longDirectory,
        end_sequence: "not a number",
      }),
      event(2, "message", {
        author_role: "assistant",
        message_type: "response",
        content: "expensive",
        model: "claude-sonnet-4-5",
        token_usage: { input_tokens: Number.MAX_SAFE_INTEGER, output_tokens: 10 },
      }),
      event(
        3,
        "message",
        { author_role: "human", message_type: "prompt", content: "late" },
        "0000-01-01T00:00:00Z",
      ),
      event(4, "metadata", { compaction: { pre_tokens: 2_147_483_648, trigger: "auto" } }),
      event(5, "tool_call", {
        tool_name: "Write",
        tool_use_id: "toolu_1",
        parameters: { file_path: "/home/alice/a\u0000b.ts", content: "x\ny" },
      }),
      event(6, "session_end", {
        outcome: "success",
        files_touched: [
          { file_path: "/home/alice/big.ts", change_type: "edit", lines_added: 2_147_483_648 },
          { file_path: "/home/alice/ok.ts", change_type: "edit", lines_added: 3 },
        ],
      }),
    ]);
    const conversation = await eventually(() =>
      h.prisma.conversation.findFirst({ where: { id, status: "completed" } }),
    );
    expect(conversation).toMatchObject({
      agentType: "claude_code",
      messageCount: 3,
      inputTokens: 0n,
      projectId: null,
    });
    const extra = conversation.extraData as Record<string, unknown>;
    expect(extra.end_sequence).toBe(6);
    // One key per event that merges into the conversation, so none replaces another's.
    expect(extra.uninterpreted_1).toEqual({ working_directory: longDirectory, end_sequence: "not a number" });
    expect(extra.uninterpreted_4).toEqual({ compaction_pre_tokens: 2_147_483_648 });
    expect(extra.uninterpreted_6).toMatchObject({
      files_touched: [{ file_path: "/home/alice/big.ts", lines_added: 2_147_483_648 }],
    });

    const messages = await h.prisma.message.findMany({
      where: { conversationId: id },
      orderBy: { sequence: "asc" },
    });
    expect(messages.map((m) => m.sequence)).toEqual([2, 3, 5]);
    const [response, late] = messages;
    expect(response?.costUsd).toBeNull();
    expect(response?.extraData).toMatchObject({
      uninterpreted: { token_usage: { input_tokens: Number.MAX_SAFE_INTEGER, output_tokens: 10 } },
    });
    expect(late?.emittedAt.toISOString()).not.toMatch(/^0000/);
    expect(late?.extraData).toMatchObject({ uninterpreted: { emitted_at: "0000-01-01T00:00:00Z" } });

    const files = await h.prisma.fileTouched.findMany({
      where: { conversationId: id },
      orderBy: { filePath: "asc" },
    });
    expect(files.map((f) => [f.filePath, f.linesAdded])).toEqual([
      ["/home/alice/ab.ts", 2],
      ["/home/alice/ok.ts", 3],
    ]);
    const epochs = await h.prisma.epoch.findMany({
      where: { conversationId: id },
      orderBy: { epochNumber: "asc" },
    });
    expect(epochs.map((e) => [e.startSequence, e.preTokens])).toEqual([
      [1, null],
      [4, null],
    ]);
    expect(await h.prisma.ingestionJob.count({ where: { conversationId: id, status: "succeeded" } })).toBe(1);
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
