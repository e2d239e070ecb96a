// Nested sub-agents (Claude Code): each linked to the agent whose Task/Agent call spawned it, whatever order the
// sessions arrive in, with the root's session id kept as parent_session_id and its project inherited.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";

import { rollupDifferences } from "@catsyphon/testing";

import { enqueue, eventually, newId, startWorkerHarness, type WorkerHarness } from "./harness";

type Input = Parameters<typeof enqueue>[3][number];

const at = (second: number) => new Date(Date.UTC(2026, 5, 12, 9, 0, second)).toISOString();
const event = (sequence: number, type: string, data: Record<string, unknown>) =>
  ({ sequence, type, emitted_at: at(sequence), observed_at: at(sequence), data }) as Input;
const start = (data: Record<string, unknown>) =>
  event(1, "session_start", { agent_type: "claude_code", agent_version: "2.1.173", ...data });

/** A root that spawns "mid", which spawns "leaf" (named by its .meta.json) and "leaf2" (named by the result). */
function family(root: string) {
  return {
    root: [
      start({ working_directory: "/home/alice/projects/nested" }),
      event(2, "message", { author_role: "human", message_type: "prompt", content: "go" }),
      event(3, "tool_call", { tool_name: "Agent", tool_use_id: `${root}-toolu-mid`, parameters: {} }),
      event(4, "tool_result", {
        tool_use_id: `${root}-toolu-mid`,
        success: true,
        result: "ok",
        agent_id: "mid",
      }),
    ],
    mid: [
      start({ parent_session_id: root, agent_id: "mid", working_directory: "/home/alice/projects/nested" }),
      event(2, "metadata", { spawned_by_tool_use_id: `${root}-toolu-mid` }),
      event(3, "message", { author_role: "caller", message_type: "prompt", content: "spawn two" }),
      event(4, "tool_call", { tool_name: "Agent", tool_use_id: `${root}-toolu-leaf`, parameters: {} }),
      event(5, "tool_result", { tool_use_id: `${root}-toolu-leaf`, success: true, result: "one" }),
      event(6, "tool_call", { tool_name: "Task", tool_use_id: `${root}-toolu-leaf2`, parameters: {} }),
      event(7, "tool_result", {
        tool_use_id: `${root}-toolu-leaf2`,
        success: true,
        result: "two",
        agent_id: "leaf2",
      }),
    ],
    leaf: [
      start({ parent_session_id: root, agent_id: "leaf" }),
      event(2, "metadata", { spawned_by_tool_use_id: `${root}-toolu-leaf` }),
      event(3, "message", { author_role: "caller", message_type: "prompt", content: "answer" }),
    ],
    leaf2: [
      start({ parent_session_id: root, agent_id: "leaf2" }),
      event(2, "message", { author_role: "caller", message_type: "prompt", content: "answer too" }),
    ],
  };
}

describe("nested sub-agents", () => {
  let h: WorkerHarness;
  beforeAll(async () => {
    h = await startWorkerHarness("worker-spawn");
  });
  afterAll(() => h.close());

  async function ingest(root: string, order: (keyof ReturnType<typeof family>)[]) {
    const events = family(root);
    const ids = { root: newId(), mid: newId(), leaf: newId(), leaf2: newId() };
    const session = (name: keyof typeof ids) => (name === "root" ? root : `${root}:agent-${name}`);
    for (const name of order) {
      await enqueue(h, session(name), ids[name], events[name]);
      // One at a time, so the order is the one given.
      await eventually(() =>
        h.prisma.conversation.findFirst({ where: { id: ids[name], lastEventSequence: events[name].length } }),
      );
    }
    const rows = await h.prisma.conversation.findMany({ where: { id: { in: Object.values(ids) } } });
    const row = (name: keyof typeof ids) => rows.find((r) => r.id === ids[name]);
    return { ids, row };
  }

  for (const order of [
    ["leaf", "leaf2", "mid", "root"],
    ["root", "mid", "leaf", "leaf2"],
    ["root", "leaf", "leaf2", "mid"],
    ["leaf", "root", "leaf2", "mid"],
  ] as const) {
    it(`links each agent to its spawner, arriving ${order.join(", ")}`, async () => {
      const root = `root-${order.join("-")}`;
      const { ids, row } = await ingest(root, [...order]);
      expect(row("mid")?.parentConversationId).toBe(ids.root);
      expect(row("leaf")?.parentConversationId).toBe(ids.mid);
      expect(row("leaf2")?.parentConversationId).toBe(ids.mid);
      for (const name of ["mid", "leaf", "leaf2"] as const) {
        // The root stays reachable from every agent, and its project and developer are theirs.
        expect(row(name)).toMatchObject({
          parentSessionId: root,
          conversationType: "agent",
          projectId: row("root")?.projectId,
          developerId: row("root")?.developerId,
        });
      }
      expect(row("root")?.projectId).not.toBeNull();
      // What the aggregates counted of each agent moved with the project and developer it inherited.
      expect(await rollupDifferences(h.database.url, h.workspaceId)).toEqual({ missing: [], extra: [] });
    });
  }
});
