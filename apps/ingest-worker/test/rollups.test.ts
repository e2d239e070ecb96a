// The activity aggregates (decision 0033) equal the sums recomputed from the rows, whatever order the batches of
// a session and of its sub-agents arrive in, replayed or not, with completion requests overtaking batches, and
// with many sessions of the same dimensions written at once.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot, rollupDifferences } from "@catsyphon/testing";
import { enqueue, eventually, newId, seedEvents, startWorkerHarness, type WorkerHarness } from "./harness";

type Input = Parameters<typeof enqueue>[3][number];

const at = (minute: number) => new Date(Date.UTC(2026, 2, 9, 23, 0) + minute * 60_000).toISOString();
const event = (sequence: number, minute: number, type: string, data: Record<string, unknown>) =>
  ({ sequence, type, emitted_at: at(minute), observed_at: at(minute), data }) as Input;
const start = (minute: number, data: Record<string, unknown> = {}) =>
  event(1, minute, "session_start", { agent_type: "claude_code", agent_version: "2.1.0", ...data });
const response = (sequence: number, minute: number, model = "claude-sonnet-4-5") =>
  event(sequence, minute, "message", {
    author_role: "assistant",
    message_type: "response",
    content: `answer ${sequence}`,
    model,
    token_usage: {
      input_tokens: 100 + sequence,
      output_tokens: 20,
      cache_read_tokens: 1000,
      cache_creation_tokens: 7,
    },
  });
const prompt = (sequence: number, minute: number) =>
  event(sequence, minute, "message", {
    author_role: "human",
    message_type: "prompt",
    content: `ask ${sequence}`,
  });
const call = (sequence: number, minute: number, tool: string, id: string) =>
  event(sequence, minute, "tool_call", { tool_name: tool, tool_use_id: id, parameters: {} });
const result = (sequence: number, minute: number, id: string, success: boolean) =>
  event(sequence, minute, "tool_result", { tool_use_id: id, success, result: success ? "ok" : "boom" });
const end = (sequence: number, minute: number, outcome: string) =>
  event(sequence, minute, "session_end", { outcome });

describe("activity aggregates", () => {
  let h: WorkerHarness;
  beforeAll(async () => {
    h = await startWorkerHarness("worker-rollups");
  });
  afterAll(() => h.close());

  /** Waits until the conversation holds `messages` rows, then checks every aggregate against the rows. */
  async function settled(conversationId: string, messages: number, extra: Record<string, unknown> = {}) {
    await eventually(() =>
      h.prisma.conversation.findFirst({ where: { id: conversationId, messageCount: messages, ...extra } }),
    );
  }
  async function expectExact() {
    expect(await rollupDifferences(h.database.url, h.workspaceId)).toEqual({ missing: [], extra: [] });
  }

  it("counts a normal session (the seed) exactly", async () => {
    const id = newId();
    await enqueue(h, "rollup-seed", id, seedEvents());
    await settled(id, 4, { status: "completed" });
    await expectExact();
    const rows = await h.prisma.workspaceRollup.findMany({ where: { workspaceId: h.workspaceId } });
    expect(rows.reduce((sum, row) => sum + row.sessions, 0)).toBe(1);
    expect(rows.reduce((sum, row) => sum + row.succeeded, 0)).toBe(1);
    expect(rows.reduce((sum, row) => sum + Number(row.messages), 0)).toBe(4);
    const tools = await h.prisma.toolRollup.findMany({ where: { workspaceId: h.workspaceId } });
    expect(tools.map((t) => [t.toolName, Number(t.calls), Number(t.failures)])).toEqual([["Read", 1, 0]]);
  });

  it("counts batches applied out of order and replayed, across buckets and models, exactly once", async () => {
    const id = newId();
    const events = [
      start(0, { working_directory: "/home/bob/projects/order" }),
      prompt(2, 1),
      response(3, 14),
      call(4, 16, "Bash", "order-1"),
      result(5, 17, "order-1", false),
      response(6, 31, "gpt-5-codex"),
      call(7, 44, "Edit", "order-2"),
      result(8, 46, "order-2", true),
      end(9, 50, "failure"),
    ];
    // The session_start comes last: the session's start bucket, project and developer change after counting.
    await enqueue(h, "rollup-order", id, events.slice(6));
    await enqueue(h, "rollup-order", id, events.slice(3, 6));
    await settled(id, 5);
    await enqueue(h, "rollup-order", id, events.slice(3, 6));
    await enqueue(h, "rollup-order", id, events.slice(0, 3));
    await enqueue(h, "rollup-order", id, events.slice(0, 3));
    await settled(id, 7, { projectId: { not: null }, success: false });
    // A replay of everything after the session settled changes nothing.
    await enqueue(h, "rollup-order", id, events);
    // One ingestion job per distinct range (a range queued twice is one job).
    await eventually(
      async () =>
        (await h.prisma.ingestionJob.count({ where: { conversationId: id, status: "succeeded" } })) === 4,
    );
    await expectExact();
    const failures = await h.prisma.toolRollup.findMany({
      where: { workspaceId: h.workspaceId, toolName: "Bash" },
    });
    expect(failures.map((t) => Number(t.failures))).toEqual([1]);
  });

  it("moves a child's counts to the project and developer it inherits from a parent that arrives later", async () => {
    const parent = newId();
    const child = newId();
    await enqueue(h, "rollup-child", child, [
      start(3, { parent_session_id: "rollup-parent" }),
      prompt(2, 4),
      response(3, 5),
      end(4, 6, "success"),
    ]);
    await settled(child, 2, { status: "completed" });
    await expectExact();
    await enqueue(h, "rollup-parent", parent, [
      start(1, { working_directory: "/home/carol/projects/family" }),
      prompt(2, 2),
      response(3, 20),
    ]);
    await settled(parent, 2);
    await eventually(() =>
      h.prisma.conversation.findFirst({ where: { id: child, parentConversationId: parent } }),
    );
    const linked = await h.prisma.conversation.findUniqueOrThrow({ where: { id: child } });
    expect(linked.projectId).not.toBeNull();
    expect(linked.developerId).not.toBeNull();
    await expectExact();
  });

  it("counts the outcome of a completion request applied before the session's last batch", async () => {
    const id = newId();
    await enqueue(h, "rollup-complete", id, [start(0), prompt(2, 1)]);
    await settled(id, 1);
    await h.producer.enqueueCompleteSession({
      workspace_id: h.workspaceId,
      conversation_id: id,
      session_id: "rollup-complete",
      outcome: "success",
      up_to_sequence: 4,
      requested_at: at(40),
    });
    await eventually(() => h.prisma.conversation.findFirst({ where: { id, success: true } }));
    await expectExact();
    // The session_end the request covers keeps the request's outcome; then a later failure request flips it.
    await enqueue(h, "rollup-complete", id, [response(3, 30), end(4, 31, "unknown")]);
    await settled(id, 2, { lastEventSequence: 4 });
    await expectExact();
    await h.producer.enqueueCompleteSession({
      workspace_id: h.workspaceId,
      conversation_id: id,
      session_id: "rollup-complete",
      outcome: "failure",
      up_to_sequence: 4,
      requested_at: at(41),
    });
    await eventually(() => h.prisma.conversation.findFirst({ where: { id, success: false } }));
    await expectExact();
  });

  it("stays exact with many sessions of the same dimensions written at once", async () => {
    const ids = Array.from({ length: 12 }, () => newId());
    await Promise.all(
      ids.flatMap((id, index) => {
        const session = `rollup-crowd-${index}`;
        const events = [
          start(0, { working_directory: "/home/dan/projects/crowd" }),
          ...Array.from({ length: 30 }, (_, i) =>
            i % 3 === 2 ? call(i + 2, 1 + (i % 5), "Read", `${session}-${i}`) : response(i + 2, 1 + (i % 5)),
          ),
          end(32, 9, index % 2 ? "success" : "failure"),
        ];
        return [enqueue(h, session, id, events.slice(10)), enqueue(h, session, id, events.slice(0, 10))];
      }),
    );
    for (const id of ids) await settled(id, 30, { status: "completed" });
    await expectExact();
    const crowd = await h.prisma.project.findFirstOrThrow({ where: { name: "crowd" } });
    const rows = await h.prisma.workspaceRollup.findMany({ where: { projectId: crowd.id } });
    expect(rows.reduce((sum, row) => sum + row.sessions, 0)).toBe(12);
    expect(rows.reduce((sum, row) => sum + Number(row.messages), 0)).toBe(360);
    expect(rows.reduce((sum, row) => sum + row.succeeded - row.failed, 0)).toBe(0);
  });

  it("backfills the same aggregates from the rows (the migrations' upgrade path)", async () => {
    // The 15-minute tables from the rows (decision 0033), then their coarser grains from them (decision 0053).
    const backfills = ["20261201170000_activity_rollups", "20261201204646_overview_day_rollups"].map(
      (name) => {
        const migration = readFileSync(
          path.join(repoRoot(), `prisma/migrations/${name}/migration.sql`),
          "utf8",
        );
        return migration.slice(migration.indexOf("-- Backfill"));
      },
    );
    await h.prisma.$executeRawUnsafe(
      "TRUNCATE conversation_rollups, workspace_rollups, tool_rollups, day_rollups, total_rollups, tool_day_rollups",
    );
    for (const backfill of backfills) {
      for (const statement of backfill.split(";").filter((s) => s.replace(/--.*$/gm, "").trim() !== "")) {
        await h.prisma.$executeRawUnsafe(statement);
      }
    }
    expect(await h.prisma.workspaceRollup.count()).toBeGreaterThan(0);
    expect(await h.prisma.dayRollup.count()).toBeGreaterThan(0);
    expect(await h.prisma.totalRollup.count()).toBeGreaterThan(0);
    expect(await h.prisma.toolDayRollup.count()).toBeGreaterThan(0);
    await expectExact();
  });
});
