// Codex forks and sub-agents written the way codex-rs writes them (test/fixtures/codex/from-codex-rs/README.md):
// the parent's items copied into a fork are never counted again, and each child stays linked to its parent.
import { describe, expect, it } from "@jest/globals";

import { codexParser } from "../src/codex";
import { parseFixture } from "./codex-helpers";
import { expectSameEventsInPieces } from "./support";

const DAY = "from-codex-rs/sessions/2026/03/10";
const PARENT_ID = "019cd7a0-1111-7000-8000-0000000000a1";
const PARENT = `${DAY}/rollout-2026-03-10T09-00-00-${PARENT_ID}.jsonl`;
const FORK = `${DAY}/rollout-2026-03-10T10-00-00-019cd7f1-2222-7000-8000-0000000000f1.jsonl`;
const FORK_COMPACTED = `${DAY}/rollout-2026-03-10T11-30-00-019cd7f1-2222-7000-8000-0000000000f2.jsonl`;
const SPAWN_FORK = `${DAY}/rollout-2026-03-10T09-30-00-019cd800-3333-7000-8000-0000000000c1.jsonl`;
const SUBAGENT_142 = `${DAY}/rollout-2026-03-10T09-40-00-019cd800-3333-7000-8000-0000000000c2.jsonl`;

describe("codex forks and sub-agents: whole file == appended pieces", () => {
  it.each([PARENT, FORK, FORK_COMPACTED, SPAWN_FORK, SUBAGENT_142])("%s", (relative) => {
    const { bytes, path } = parseFixture(relative);
    expectSameEventsInPieces(codexParser, bytes, { path });
  });
});

describe("codex fork whose copy of the parent is stamped with the time of the fork", () => {
  it("the parent counts its own turn", () => {
    const { summary } = parseFixture(PARENT);
    expect(summary.humanPrompts).toEqual(["Fix the failing parser test"]);
    expect(summary.toolCallIds).toEqual(["call_p1", "call_p2"]);
    expect(summary.tokens).toEqual({ input: 6000, output: 900, cacheRead: 33000, cacheCreation: 0 });
  });

  it("the fork counts only what it added, and names the session it was forked from", () => {
    const { summary, checkpoint, warnings } = parseFixture(FORK);
    expect(summary.start?.parent_session_id).toBe(PARENT_ID);
    expect(summary.start?.forked_from_id).toBe(PARENT_ID);
    expect(checkpoint.session).toMatchObject({
      sessionId: "019cd7f1-2222-7000-8000-0000000000f1",
      parentSessionId: PARENT_ID,
    });
    expect(summary.humanPrompts).toEqual(["Now add a regression test"]);
    expect(summary.toolCallIds).toEqual(["call_f1"]);
    expect(summary.toolResults.map((result) => result.tool_use_id)).toEqual(["call_f1"]);
    expect(summary.responses).toEqual(["", "Added test/regression.test.ts."]);
    // The two own token counts (last_token_usage), not the three copied ones.
    expect(summary.tokens).toEqual({ input: 2000, output: 700, cacheRead: 29000, cacheCreation: 0 });
    // The model comes from the copied turn_context until the fork's own one.
    expect(summary.start?.model).toBe("gpt-5.1-codex-max");
    expect(warnings).toEqual([]);
  });

  it("a compaction inside the copy starts no epoch in the fork", () => {
    const { summary } = parseFixture(FORK_COMPACTED);
    expect(summary.compactions).toEqual([]);
    expect(summary.metadata.filter((m) => m.summaries !== undefined)).toEqual([]);
    expect(summary.humanPrompts).toEqual(["Also document the new options"]);
    expect(summary.toolCalls).toEqual([]);
    expect(summary.tokens).toEqual({ input: 1000, output: 300, cacheRead: 11000, cacheCreation: 0 });
    expect(summary.start?.parent_session_id).toBe("019cd7a0-1111-7000-8000-0000000000a2");
  });
});

describe("codex sub-agents", () => {
  it("forked by spawn_agent: the copy ends at the spawn notice, and the child's own turn that follows counts", () => {
    const { summary, checkpoint } = parseFixture(SPAWN_FORK);
    expect(checkpoint.session).toMatchObject({
      sessionId: "019cd800-3333-7000-8000-0000000000c1",
      parentSessionId: PARENT_ID,
    });
    expect(summary.start).toMatchObject({
      source: "subagent",
      agent_nickname: "Euler",
      agent_role: "worker",
    });
    expect(summary.humanPrompts).toEqual([]);
    expect(summary.callerPrompts).toEqual(["Write the regression test for the parser"]);
    // Neither the parent's calls nor its spawn_agent call (nor the notice answering it) are the child's.
    expect(summary.toolCallIds).toEqual(["call_c1"]);
    expect(summary.toolResults.map((result) => result.tool_use_id)).toEqual(["call_c1"]);
    expect(summary.tokens).toEqual({ input: 2000, output: 150, cacheRead: 7000, cacheCreation: 0 });
  });

  it("CLI 0.142: the parent's session_meta after the child's own, without history, copies nothing", () => {
    // forked_from_id is set (Codex takes it from the first session_meta the child starts from), and the child's
    // turn follows within milliseconds: its task_started.started_at, not a pause, ends what could be a copy.
    const { summary, checkpoint } = parseFixture(SUBAGENT_142);
    expect(checkpoint.session).toMatchObject({
      sessionId: "019cd800-3333-7000-8000-0000000000c2",
      parentSessionId: PARENT_ID,
    });
    expect(summary.start).toMatchObject({
      source: "subagent",
      agent_nickname: "Noether",
      agent_version: "0.142.0",
    });
    expect(summary.start?.working_directory).toBe("/home/dana/src/widget");
    // Written within milliseconds of the session_meta lines, and still the child's own.
    expect(summary.callerPrompts).toEqual(["Find where the parser is called"]);
    expect(summary.contexts).toHaveLength(2);
    expect(summary.toolCallIds).toEqual(["call_s1"]);
    expect(summary.tokens).toEqual({ input: 4500, output: 200, cacheRead: 8000, cacheCreation: 0 });
  });
});
