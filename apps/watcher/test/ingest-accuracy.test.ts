// `catsyphon ingest` against the real stack, for the counts and links of issue 13:
// - a synthetic ~/.gemini home written the way current Gemini CLI writes it (see
//   packages/parsers/test/fixtures/gemini/from-source): the project and developer come from `.project_root` (or
//   the projects.json registry for an older hash-named folder), tool responses are not prompts, the sub-agent is
//   linked to its session, and the rewind's range stays in the conversation's extra_data;
// - Claude Code nested sub-agents (all beside the root in subagents/): each linked to the agent that spawned it.
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { geminiParser, parseWholeFile } from "@catsyphon/parsers";

import { conversations, copyFixture, eventually, runCli, type Stack, startStack } from "./support";

const MAIN = "5e1b2c3d-0000-4000-8000-000000000001";
const CHILD = "7a1f0c2e-0000-4000-8000-00000000000a";
const OLD_ROOT = "/home/dana/work/old-app";
const NESTED = "33330000-0000-4000-8000-000000000001";

let stack: Stack;
let gemini: string;

beforeAll(async () => {
  stack = await startStack("watcher-accuracy");
  gemini = join(stack.home, ".gemini");
  await copyFixture("gemini/from-source", gemini);
  // A folder of an older CLI (named sha256 of the root, no .project_root): only the registry knows its root.
  const old = join(gemini, "tmp", createHash("sha256").update(OLD_ROOT).digest("hex"), "chats");
  await mkdir(old, { recursive: true });
  const lines = [
    { sessionId: "old-session", projectHash: "h", startTime: "2026-03-01T09:00:00.000Z", kind: "main" },
    { id: "o1", timestamp: "2026-03-01T09:00:01.000Z", type: "user", content: [{ text: "hello" }] },
  ];
  await writeFile(join(old, "session-old.jsonl"), lines.map((line) => `${JSON.stringify(line)}\n`).join(""));
  await writeFile(
    join(gemini, "projects.json"),
    JSON.stringify(
      { projects: { "/home/dana/work/catsyphon": "catsyphon", [OLD_ROOT]: "old-app" } },
      null,
      2,
    ),
  );
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe("catsyphon ingest: Gemini projects, tool responses, rewinds; nested sub-agents", () => {
  it("gives Gemini sessions their project and developer, and counts prompts and tool results exactly", async () => {
    const chats = join(gemini, "tmp", "catsyphon", "chats");
    const eventsOf = async (path: string) =>
      parseWholeFile(geminiParser, await readFile(path), { path, projectRoot: "/home/dana/work/catsyphon" })
        .events.length;
    const mainEvents = await eventsOf(join(chats, "session-2026-08-20T10-00-5e1b2c3d.jsonl"));
    const childEvents = await eventsOf(join(chats, MAIN, `${CHILD}.jsonl`));
    const run = await runCli(["ingest", join(gemini, "tmp")], stack.cliEnv);
    expect(run.stderr).toMatch(/3 files, 3 sessions, \d+ events sent, 0 skipped, 0 failed/);
    expect(run.code).toBe(0);
    const rows = await eventually(
      async () => {
        const all = await conversations(stack.prisma);
        // Every event of the two chats is written, and the old session exists.
        return all.get(MAIN)?.last_event_sequence === mainEvents &&
          all.get(CHILD)?.last_event_sequence === childEvents &&
          all.has("old-session")
          ? all
          : null;
      },
      { timeoutMs: 60_000 },
    );
    const main = rows.get(MAIN);
    expect(main).toMatchObject({ project: "catsyphon", developer: "dana", conversation_type: "main" });
    expect(Number(main?.human_prompts)).toBe(4);
    expect(rows.get(CHILD)).toMatchObject({
      project: "catsyphon",
      developer: "dana",
      parent_session_id: MAIN,
      parent_conversation_id: main?.id,
      conversation_type: "agent",
    });
    expect(Number(rows.get(CHILD)?.human_prompts)).toBe(0);
    expect(rows.get("old-session")).toMatchObject({ project: "old-app", developer: "dana" });

    const [counts] = await stack.prisma.$queryRawUnsafe<{ results: bigint; callers: bigint }[]>(
      `SELECT count(*) FILTER (WHERE message_type = 'tool_result') AS results,
              count(*) FILTER (WHERE author_role = 'caller') AS callers
       FROM messages WHERE conversation_id = $1::uuid`,
      rows.get(CHILD)?.id,
    );
    expect({ results: Number(counts?.results), callers: Number(counts?.callers) }).toEqual({
      results: 1,
      callers: 1,
    });
    const [extra] = await stack.prisma.$queryRawUnsafe<{ rewinds: unknown }[]>(
      `SELECT extra_data->'rewinds' AS rewinds FROM conversations WHERE id = $1::uuid`,
      main?.id,
    );
    expect(extra?.rewinds).toEqual([
      expect.objectContaining({ to_message_id: "u-0005", first_sequence: expect.any(Number) }),
    ]);
  }, 180_000);

  it("links each nested Claude Code sub-agent to the agent that spawned it, the root kept as parent_session_id", async () => {
    const projects = join(stack.home, ".claude", "projects", "-repo");
    await copyFixture(
      `claude-code/claude-code-log/nested_agents/${NESTED}.jsonl`,
      join(projects, `${NESTED}.jsonl`),
    );
    await copyFixture(`claude-code/claude-code-log/nested_agents/${NESTED}`, join(projects, NESTED));
    const run = await runCli(["ingest", projects], stack.cliEnv);
    expect(run.code).toBe(0);
    const agent = (id: string) => `${NESTED}:agent-${id}`;
    const spawner: Record<string, string> = {
      [agent("nsmid001")]: NESTED,
      [agent("nsmid002")]: NESTED,
      [agent("nschain1")]: NESTED,
      [agent("nsintr01")]: NESTED,
      [agent("nsleaf11")]: agent("nsmid001"),
      [agent("nsleaf12")]: agent("nsmid001"),
      [agent("nsleaf21")]: agent("nsmid002"),
      [agent("nsleaf22")]: agent("nsmid002"),
      [agent("nschain2")]: agent("nschain1"),
      [agent("nschain3")]: agent("nschain2"),
    };
    const rows = await eventually(
      async () => {
        const all = await conversations(stack.prisma);
        return Object.keys(spawner).every((id) => all.get(id)?.parent_conversation_id) ? all : null;
      },
      { timeoutMs: 60_000 },
    );
    const links = Object.fromEntries(
      Object.keys(spawner).map((id) => [
        id,
        [...rows.values()].find((row) => row.id === rows.get(id)?.parent_conversation_id)
          ?.collector_session_id,
      ]),
    );
    expect(links).toEqual(spawner);
    for (const id of Object.keys(spawner)) expect(rows.get(id)?.parent_session_id).toBe(NESTED);
  }, 180_000);
});
