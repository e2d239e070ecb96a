// `catsyphon watch` against the real stack: live appends reach Postgres; a server outage loses and doubles
// nothing; a restarted watcher resends nothing; a truncated file is read again; a sub-agent that arrives before
// its parent is linked when the parent comes.
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";

import {
  assistantLine,
  conversations,
  eventually,
  FIXTURES,
  messageSequences,
  type RunningCli,
  type Stack,
  startCli,
  startStack,
  startWatching,
  userLine,
} from "./support";

let stack: Stack;
let watcher: RunningCli | null = null;
let projectDir: string;

async function lastSequence(sessionId: string): Promise<number | undefined> {
  return (await conversations(stack.prisma)).get(sessionId)?.last_event_sequence;
}

const messagesOf = (sessionId: string) => messageSequences(stack.prisma, sessionId);

const watchArgs = () => ["--claude-dir", join(stack.home, ".claude"), "--idle-seconds", "3600"];

beforeAll(async () => {
  stack = await startStack("watcher-watch");
  projectDir = join(stack.home, ".claude", "projects", "-home-alice-proj");
  await mkdir(projectDir, { recursive: true });
  watcher = await startWatching(watchArgs(), stack.cliEnv);
}, 120_000);

afterAll(async () => {
  await watcher?.stop();
  await stack?.close();
});

describe("catsyphon watch", () => {
  it("sends lines appended to a live file", async () => {
    const file = join(projectDir, "live.jsonl");
    await writeFile(file, userLine("live", 1, "first prompt"));
    await eventually(async () => (await lastSequence("live")) === 2); // session_start + prompt
    await appendFile(file, assistantLine("live", 2, "an answer") + userLine("live", 3, "second prompt"));
    await eventually(async () => (await lastSequence("live")) === 4);
    expect(await messagesOf("live")).toEqual([2, 3, 4]);
  }, 60_000);

  it("loses and doubles nothing when the server stops and comes back mid-stream", async () => {
    const file = join(projectDir, "outage.jsonl");
    await writeFile(file, userLine("outage", 1, "before the outage"));
    await eventually(async () => (await lastSequence("outage")) === 2);
    await stack.api.stop();
    for (let n = 2; n <= 11; n++) await appendFile(file, assistantLine("outage", n, `answer ${n}`));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await stack.restartApi();
    await eventually(async () => (await lastSequence("outage")) === 12, { timeoutMs: 90_000 });
    expect(await messagesOf("outage")).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const row = (await conversations(stack.prisma)).get("outage");
    expect(Number(row?.input_tokens)).toBe(100);
  }, 150_000);

  it("resends nothing already accepted after a restart, and picks up what came while it was down", async () => {
    await watcher?.stop();
    const file = join(projectDir, "live.jsonl");
    await appendFile(file, assistantLine("live", 4, "written while the watcher was down"));
    const restarted = await startWatching(watchArgs(), stack.cliEnv);
    watcher = restarted;
    expect(restarted.output()).toMatch(/backfill done: 1 events sent/);
    await eventually(async () => (await lastSequence("live")) === 5);
    expect(await messagesOf("live")).toEqual([2, 3, 4, 5]);
  }, 120_000);

  it("sends files written while it starts, without waiting for the periodic rescan", async () => {
    await watcher?.stop();
    watcher = startCli(["watch", ...watchArgs()], stack.cliEnv);
    // New sessions keep appearing from the start until it follows changes: some land in the backfill, some
    // between the backfill's scan and chokidar's own (which reports no events for what it finds itself).
    const written: string[] = [];
    while (!watcher.output().includes("following changes")) {
      if (written.length < 40) {
        const sessionId = `starting-${written.length}`;
        await writeFile(join(projectDir, `${sessionId}.jsonl`), userLine(sessionId, 1, "hello"));
        written.push(sessionId);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // The periodic rescan comes every 60 s here: everything must arrive before it.
    await eventually(
      async () => {
        const rows = await conversations(stack.prisma);
        return written.every((sessionId) => rows.get(sessionId)?.last_event_sequence === 2);
      },
      { timeoutMs: 45_000 },
    );
    expect(written.length).toBeGreaterThan(1);
  }, 120_000);

  it("reads a truncated file again from its start", async () => {
    const file = join(projectDir, "rotated.jsonl");
    await writeFile(file, userLine("rotated-a", 1, "first life") + assistantLine("rotated-a", 2, "reply"));
    await eventually(async () => (await lastSequence("rotated-a")) === 3);
    await writeFile(file, userLine("rotated-b", 1, "second life"));
    await eventually(async () => (await lastSequence("rotated-b")) === 2);
    expect(await messagesOf("rotated-b")).toEqual([2]);
  }, 60_000);

  it("links a sub-agent that appears before its parent once the parent arrives", async () => {
    const parentId = "0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f";
    const source = join(FIXTURES, "claude-code", "agent-sessions", "subagent");
    const subagents = join(projectDir, parentId, "subagents");
    await mkdir(subagents, { recursive: true });
    await writeFile(
      join(subagents, "agent-a0ad4f44468bdf20d.jsonl"),
      await readFile(join(source, parentId, "subagents", "agent-a0ad4f44468bdf20d.jsonl")),
    );
    const childId = `${parentId}:agent-a0ad4f44468bdf20d`;
    const orphan = await eventually(async () => (await conversations(stack.prisma)).get(childId));
    expect(orphan).toMatchObject({ parent_session_id: parentId, parent_conversation_id: null });
    await writeFile(join(projectDir, `${parentId}.jsonl`), await readFile(join(source, `${parentId}.jsonl`)));
    const linked = await eventually(async () => {
      const rows = await conversations(stack.prisma);
      const parent = rows.get(parentId);
      const child = rows.get(childId);
      return parent && child?.parent_conversation_id === parent.id ? child : null;
    });
    expect(linked.conversation_type).toBe("agent");
  }, 60_000);

  it("reports what it tracks", async () => {
    const { runCli } = await import("./support");
    const status = await runCli(["status", "--json"], stack.cliEnv);
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout) as {
      counts: Record<string, number>;
      files: { sessionId: string | null }[];
    };
    expect(report.counts.failing).toBe(0);
    expect(report.files.map((f) => f.sessionId)).toEqual(
      expect.arrayContaining(["live", "outage", "rotated-b", "0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f"]),
    );
  }, 60_000);
});
