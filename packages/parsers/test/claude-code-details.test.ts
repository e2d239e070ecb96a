// Claude Code parser: metadata, sub-agent identity, plans, split responses, probe, purity and a generated large
// session for the whole-vs-pieces property.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "@jest/globals";

import { claudeCodeParser } from "../src/claude-code";
import { parseWholeFile } from "../src/run";
import { type ParsedEvent } from "../src/types";
import { parseFixture } from "./claude-code-support";
import { expectSameEventsInPieces, fixturePath, readFixture } from "./support";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const dataOf = (event: ParsedEvent | undefined) => (event?.data ?? {}) as Record<string, unknown>;
const metadata = (events: ParsedEvent[]) => events.filter((e) => e.type === "metadata").map(dataOf);

describe("claude code metadata", () => {
  it("small.jsonl: titles, summaries, two compactions, session facts", () => {
    const { events } = parseFixture("agent-sessions/small.jsonl");
    expect(dataOf(events[0])).toEqual({
      agent_type: "claude_code",
      agent_version: "2.1.80",
      working_directory: "/tmp",
      git_branch: "main",
      slug: "proj_stage0_small",
    });
    const meta = metadata(events);
    expect(meta).toContainEqual({ title: "Stage0 small fixture" });
    expect(meta).toContainEqual({ ai_title: "Stage0 AI title" });
    expect(meta).toContainEqual({ agent_name: "Claude Code" });
    expect(meta).toContainEqual({
      summaries: [{ summary: "Claude Code: Context usage summary", leaf_uuid: "leaf_stage0" }],
    });
    expect(meta.filter((m) => m.compaction !== undefined).map((m) => m.compaction)).toEqual([
      { trigger: "auto", pre_tokens: 120000, occurred_at: "2025-12-16T00:00:07.000Z" },
      { trigger: "[trimmed for fixture]", pre_tokens: 0 },
    ]);
    const summary = events.find((e) => e.type === "message" && dataOf(e).message_type === "summary");
    expect(dataOf(summary).content).toBe("Summary of prior context.");
  });

  it("dag_compact_after_rewind: the compaction and its continuation summary, every branch kept", () => {
    const { events } = parseFixture("claude-code-log/dag_compact_after_rewind.jsonl");
    const prompts = events.filter((e) => e.type === "message" && dataOf(e).message_type === "prompt");
    expect(prompts.map((e) => dataOf(e).content)).toEqual([
      "Start",
      "First attempt",
      "Second attempt",
      "Keep going",
      "After compaction",
    ]);
    expect(metadata(events)).toContainEqual({
      compaction: { trigger: "auto", pre_tokens: 150000, occurred_at: "2025-07-01T10:30:00.000Z" },
    });
  });
});

describe("claude code rewinds (parentUuid branches)", () => {
  const rewindsOf = (events: ParsedEvent[]) =>
    events.filter((e) => e.type === "metadata" && "rewinds" in dataOf(e));
  const sequencesOf = (events: ParsedEvent[], ids: string[]) =>
    events.filter((e) => ids.includes(String(dataOf(e).message_id))).map((e) => e.sequence);

  it("a prompt re-sent from an earlier message names the abandoned branch as rewound; nothing is dropped", () => {
    const { events } = parseFixture("claude-code-log/dag_compact_after_rewind.jsonl");
    // "First attempt" (b1u) and its answer were rewound: "Second attempt" (b2u) starts again from a1.
    const [first, answer] = sequencesOf(events, ["b1u", "msg_b1a"]);
    const [rewind, ...others] = rewindsOf(events);
    expect(others).toEqual([]);
    expect(rewind?.data).toEqual({
      rewinds: [
        {
          from_uuid: "a1",
          first_sequence: first,
          last_sequence: answer,
          occurred_at: "2025-07-01T10:10:00.000Z",
        },
      ],
    });
    // The rewound turn's tokens were paid for: they stay counted.
    expect(events.filter((e) => dataOf(e).token_usage !== undefined)).toHaveLength(5);
    // The new branch follows the rewind.
    expect(sequencesOf(events, ["b2u"])).toEqual([(rewind?.sequence ?? 0) + 1]);
  });

  it("dag_fork: the branch from c rewinds d..h; the same events whole and in random pieces", () => {
    const path = fixturePath("claude-code/claude-code-log/dag_fork.jsonl");
    const bytes = readFixture("claude-code/claude-code-log/dag_fork.jsonl");
    const { events } = parseWholeFile(claudeCodeParser, bytes, { path });
    const rewound = sequencesOf(events, ["d", "e", "f", "g", "h"]);
    expect(rewindsOf(events).map((e) => dataOf(e).rewinds)).toEqual([
      [expect.objectContaining({ from_uuid: "c", first_sequence: rewound[0], last_sequence: rewound[4] })],
    ]);
    expectSameEventsInPieces(claudeCodeParser, bytes, { path });
  });

  it("two tool results of one response, or two lines of one response, are not rewinds", () => {
    const { events } = parseFixture("agent-sessions/small.jsonl");
    expect(rewindsOf(events)).toEqual([]);
  });
});

describe("claude code sub-agents", () => {
  it("modern layout: child id, parent id, meta.json agent type and spawning tool call", () => {
    const { events, checkpoint } = parseFixture(
      "claude-code-log/minimal_showcase/55550000-0000-4000-8000-000000000001/subagents/agent-showcol1.jsonl",
    );
    expect(checkpoint.session).toEqual({
      sessionId: "55550000-0000-4000-8000-000000000001:agent-showcol1",
      agentType: "claude_code",
      parentSessionId: "55550000-0000-4000-8000-000000000001",
    });
    expect(dataOf(events[0])).toMatchObject({
      parent_session_id: "55550000-0000-4000-8000-000000000001",
      agent_name: "general-purpose",
      agent_description: "Survey the web module",
    });
    expect(metadata(events)).toContainEqual({ spawned_by_tool_use_id: "toolu_sc_showcol1" });
  });

  it("meta.json without toolUseId: no spawned_by metadata", () => {
    const { events } = parseFixture(
      "agent-sessions/subagent/0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f/subagents/agent-a0ad4f44468bdf20d.jsonl",
    );
    expect(dataOf(events[0]).agent_name).toBe("general-purpose");
    expect(metadata(events)).toEqual([]);
  });

  it("parent side keeps the sub-agent id on the Task tool result", () => {
    const { events } = parseFixture(
      "claude-code-log/minimal_showcase/55550000-0000-4000-8000-000000000001.jsonl",
    );
    const results = events.filter((e) => e.type === "tool_result").map(dataOf);
    expect(results.find((r) => r.tool_use_id === "toolu_sc_showcol1")).toMatchObject({
      agent_id: "showcol1",
      status: "completed",
    });
    const integrated = parseFixture("claude-code-log/sidechain_integrated.jsonl").events;
    const task = integrated.find(
      (e) => e.type === "tool_result" && dataOf(e).tool_use_id === "toolu_01JA2mLseQCAW3MdwPE4qWEk",
    );
    expect(dataOf(task).agent_id).toBe("e1c84ba5");
  });

  it("sidechain lines inside a main file stay there, marked, never as human prompts", () => {
    const { events } = parseFixture("claude-code-log/sidechain.jsonl");
    const side = events.filter((e) => dataOf(e).is_sidechain === true);
    expect(side.length).toBe(7);
    expect(side.filter((e) => e.type === "message").map((e) => dataOf(e).author_role)).toEqual([
      "caller",
      "agent",
      "agent",
      "agent",
    ]);
  });
});

describe("claude code responses", () => {
  it("a response split over lines counts usage once and keeps all blocks", () => {
    const { events } = parseFixture("claude-code-log/sidechain_integrated.jsonl");
    const split = events.filter((e) => dataOf(e).message_id === "msg_017zj75dqWUNqVxCUrhqbTkf");
    expect(split.map((e) => e.type)).toEqual(["message", "tool_call"]);
    expect(dataOf(split[0]).token_usage).toEqual({
      input_tokens: 3,
      output_tokens: 183,
      cache_read_tokens: 0,
      cache_creation_tokens: 19830,
    });
  });

  it("plan_conversation: Write then Edit of the plan file give the whole plan each time", () => {
    const { events } = parseFixture("catsyphon/plan_conversation.jsonl");
    const plans = metadata(events).flatMap((m) => (m.plans as Record<string, unknown>[] | undefined) ?? []);
    expect(plans.map((p) => p.source_tool_use_id)).toEqual(["toolu_plan_write", "toolu_plan_edit"]);
    expect(String(plans[0]?.content)).toContain("4. Add authentication middleware\n\n## Dependencies");
    expect(String(plans[1]?.content)).toContain("5. Write unit and integration tests");
    const prompt = events.find((e) => e.type === "message" && dataOf(e).author_role === "human");
    expect(dataOf(prompt).content).toBe("I want to add a new feature to handle user authentication.");
  });

  it("ExitPlanMode with a plan input becomes a plan", () => {
    const line = (o: object) => JSON.stringify(o) + "\n";
    const bytes = Buffer.from(
      line({
        type: "user",
        sessionId: "s",
        cwd: "/w",
        timestamp: "2025-01-01T00:00:00Z",
        message: { role: "user", content: "plan it" },
      }) +
        line({
          type: "assistant",
          sessionId: "s",
          timestamp: "2025-01-01T00:00:01Z",
          requestId: "r1",
          message: {
            id: "m1",
            role: "assistant",
            content: [
              { type: "tool_use", id: "toolu_x", name: "ExitPlanMode", input: { plan: "# Plan\n1. do" } },
            ],
          },
        }),
    );
    const { events } = parseWholeFile(claudeCodeParser, bytes, { path: "/p/s.jsonl" });
    expect(metadata(events)).toEqual([
      { plans: [{ content: "# Plan\n1. do", source_tool_use_id: "toolu_x" }] },
    ]);
  });

  it("a field of an unexpected type is dropped, its line kept (decision 0016)", () => {
    const line = (o: object) => JSON.stringify(o) + "\n";
    const bytes = Buffer.from(
      line({
        type: "user",
        sessionId: "s",
        cwd: 42,
        version: "2.1.0",
        gitBranch: ["main"],
        isSidechain: "yes",
        uuid: { id: 1 },
        isMeta: 1,
        timestamp: "2025-01-01T00:00:00.000Z",
        message: { role: "user", content: "hello" },
      }) +
        line({
          type: "assistant",
          timestamp: "2025-01-01T00:00:01.000Z",
          requestId: 7,
          isApiErrorMessage: "no",
          message: { id: "m1", model: 3, stop_reason: null, content: "hi", usage: { output_tokens: 5 } },
        }),
    );
    const { events, checkpoint } = parseWholeFile(claudeCodeParser, bytes, { path: "/p/s.jsonl" });
    expect(events.map((e) => [e.type, dataOf(e)])).toEqual([
      ["session_start", { agent_type: "claude_code", agent_version: "2.1.0" }],
      ["message", { author_role: "human", message_type: "prompt", content: "hello" }],
      [
        "message",
        {
          message_id: "m1",
          token_usage: { output_tokens: 5 },
          author_role: "assistant",
          message_type: "response",
          content: "hi",
        },
      ],
    ]);
    expect(checkpoint.stats.malformedLines).toBe(0);
  });
});

describe("claude code probe", () => {
  const head = (relative: string) => readFixture(relative).subarray(0, 65536).toString("utf8");
  it("accepts Claude Code files, also from a head cut mid-line", () => {
    expect(
      claudeCodeParser.probe(
        fixturePath("claude-code/aiobscura/minimal-session.jsonl"),
        head("claude-code/aiobscura/minimal-session.jsonl"),
      ),
    ).toBe(true);
    expect(
      claudeCodeParser.probe(
        "/x/chat.jsonl",
        head("claude-code/ccusage/projects/project-alpha/session-alpha/chat.jsonl"),
      ),
    ).toBe(true);
    expect(
      claudeCodeParser.probe("/x/s.jsonl", head("claude-code/claude-code-log/sidechain.jsonl").slice(0, 300)),
    ).toBe(true);
  });
  it("rejects other formats and non-logs without throwing", () => {
    expect(
      claudeCodeParser.probe(
        fixturePath("claude-code/catsyphon/not_a_log.txt"),
        head("claude-code/catsyphon/not_a_log.txt"),
      ),
    ).toBe(false);
    expect(claudeCodeParser.probe("/x/a.jsonl", head("gemini/agent-sessions/jsonl_v040.jsonl"))).toBe(false);
    expect(claudeCodeParser.probe("/x/a.jsonl", '{"type":"session_meta","payload":{"id":"x"}}\n')).toBe(
      false,
    );
    expect(claudeCodeParser.probe("/x/a.jsonl", "\u0000\u0001garbage")).toBe(false);
    const others = ["codex", "gemini"].flatMap((folder) => filesUnder(fixturePath(folder)));
    expect(others.length).toBeGreaterThan(10);
    for (const path of others) {
      expect([
        path,
        claudeCodeParser.probe(path, readFileSync(path).subarray(0, 65536).toString("utf8")),
      ]).toEqual([path, false]);
    }
  });
});

describe("claude code purity", () => {
  it("does not mutate the given checkpoint; holds events until the session can start", () => {
    const file = { path: "/p/abc.jsonl" };
    const start = claudeCodeParser.initial(file);
    const frozen = structuredClone(start);
    // A summary line alone: nothing says who the session is yet, so it waits.
    const first = claudeCodeParser.parse(
      Buffer.from('{"type":"summary","summary":"S","leafUuid":"l"}\n'),
      start,
      file,
    );
    expect(start).toEqual(frozen);
    expect(first.events).toEqual([]);
    const flushed = claudeCodeParser.flush(first.checkpoint, file);
    expect(flushed.events.map((e) => e.type)).toEqual(["session_start", "metadata"]);
    expect(flushed.events[0]?.emitted_at).toBe("1970-01-01T00:00:00.000Z");
    expect(flushed.checkpoint.session?.sessionId).toBe("abc");
  });
});

describe("claude code large generated session", () => {
  it("parses the same whole or in pieces, with usage counted once per split response", () => {
    const lines: string[] = [];
    let expectedOutput = 0;
    for (let turn = 0; turn < 800; turn++) {
      const at = new Date(Date.UTC(2025, 0, 1, 0, 0, turn)).toISOString();
      const base = { sessionId: "gen", cwd: "/w", version: "2.1.0", timestamp: at, isSidechain: false };
      lines.push(
        JSON.stringify({
          ...base,
          type: "user",
          uuid: `u${turn}`,
          message: { role: "user", content: `do ${turn} – ü` },
        }),
      );
      const usage = { input_tokens: 10, output_tokens: turn, cache_read_input_tokens: 5 };
      expectedOutput += turn;
      const message = { id: `msg_${turn}`, role: "assistant", model: "claude-x", usage };
      lines.push(
        JSON.stringify({
          ...base,
          type: "assistant",
          requestId: `req_${turn}`,
          message: { ...message, content: [{ type: "text", text: "ok" }] },
        }),
      );
      lines.push(
        JSON.stringify({
          ...base,
          type: "assistant",
          requestId: `req_${turn}`,
          message: {
            ...message,
            content: [{ type: "tool_use", id: `toolu_${turn}`, name: "Bash", input: { command: "ls" } }],
          },
        }),
      );
      lines.push(
        JSON.stringify({
          ...base,
          type: "user",
          message: {
            role: "user",
            content: [{ type: "tool_result", tool_use_id: `toolu_${turn}`, content: "a\nb" }],
          },
        }),
      );
      if (turn % 100 === 99) lines.push("not json");
    }
    const bytes = Buffer.from(lines.join("\n") + "\n");
    const file = { path: "/p/gen.jsonl" };
    const whole = parseWholeFile(claudeCodeParser, bytes, file);
    const usage = whole.events.flatMap((e) => {
      const tokens = dataOf(e).token_usage as { output_tokens: number } | undefined;
      return tokens ? [tokens.output_tokens] : [];
    });
    expect(usage).toHaveLength(800);
    expect(usage.reduce((a, b) => a + b, 0)).toBe(expectedOutput);
    expect(whole.checkpoint.stats.malformedLines).toBe(8);
    expectSameEventsInPieces(claudeCodeParser, bytes, file, 10);
  });
});
