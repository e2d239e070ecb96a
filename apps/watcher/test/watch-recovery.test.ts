// `catsyphon watch` against what a server and a user may do to it: the server loses a session it had accepted
// (a database restored from an older backup, a Redis restarted without persistence) and answers 409, so the
// watcher reads the file again from its start; a session whose log goes quiet is completed, and reopened when the
// log grows again; a deleted log's session is completed and the file forgotten; `--exclude` keeps files and
// projects from leaving the machine.
import { appendFile, mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";

import {
  assistantLine,
  conversations,
  eventually,
  messageSequences,
  type RunningCli,
  runCli,
  type Stack,
  startStack,
  startWatching,
  userLine,
} from "./support";

let stack: Stack;
let watcher: RunningCli | null = null;
let claudeDir: string;
let projectDir: string;

const statusOf = async (sessionId: string) => (await conversations(stack.prisma)).get(sessionId)?.status;
const lastSequence = async (sessionId: string) =>
  (await conversations(stack.prisma)).get(sessionId)?.last_event_sequence;

beforeAll(async () => {
  stack = await startStack("watcher-recovery");
  claudeDir = join(stack.home, ".claude");
  projectDir = join(claudeDir, "projects", "-home-alice-proj");
  await mkdir(projectDir, { recursive: true });
  watcher = await startWatching(["--claude-dir", claudeDir, "--idle-seconds", "3"], stack.cliEnv);
}, 120_000);

afterAll(async () => {
  await watcher?.stop();
  await stack?.close();
});

describe("catsyphon watch, recovering", () => {
  it("reads a file again from its start when the server lost the session (409)", async () => {
    const file = join(projectDir, "forgotten.jsonl");
    await writeFile(file, userLine("forgotten", 1, "first") + assistantLine("forgotten", 2, "reply"));
    await eventually(async () => (await lastSequence("forgotten")) === 3);
    const row = (await conversations(stack.prisma)).get("forgotten");
    if (!row) throw new Error("the session did not arrive");

    // The server forgets the session: its rows, its sequencing state and its jobs' ids.
    await stack.prisma.$executeRawUnsafe(`DELETE FROM conversations WHERE id = $1::uuid`, row.id);
    expect(await stack.redis.deleteKeys(`*:seq:${row.id}`)).toBe(1);
    expect(await stack.redis.deleteKeys(`*batch-${row.id}-*`)).toBeGreaterThan(0);

    // The next line goes out as sequence 4; the server expects 1; the watcher rewinds and sends everything.
    await appendFile(file, userLine("forgotten", 3, "after the server forgot"));
    await eventually(async () => (await lastSequence("forgotten")) === 4, { timeoutMs: 60_000 });
    expect(await messageSequences(stack.prisma, "forgotten")).toEqual([2, 3, 4]);
  }, 90_000);

  it("completes a session whose log went quiet, and reopens it when the log grows", async () => {
    const file = join(projectDir, "quiet.jsonl");
    await writeFile(file, userLine("quiet", 1, "a question") + assistantLine("quiet", 2, "an answer"));
    await eventually(async () => (await statusOf("quiet")) === "completed", { timeoutMs: 60_000 });
    const [completed] = await stack.prisma.$queryRawUnsafe<
      { outcome: string | null; end_time: Date | null }[]
    >(`SELECT outcome, end_time FROM conversations WHERE collector_session_id = 'quiet'`);
    expect(completed?.outcome).toBe("unknown");
    // Ended at its last activity (the last line's time), not at the moment the watcher noticed the silence.
    expect(completed?.end_time?.toISOString()).toBe(new Date(Date.UTC(2026, 0, 1, 0, 0, 2)).toISOString());

    await appendFile(file, userLine("quiet", 3, "one more thing"));
    await eventually(async () => (await lastSequence("quiet")) === 4);
    await eventually(async () => (await statusOf("quiet")) === "completed", { timeoutMs: 60_000 });
    expect(await messageSequences(stack.prisma, "quiet")).toEqual([2, 3, 4]);
    expect(watcher?.output()).toMatch(/completed idle session quiet/);
  }, 150_000);

  it("completes the session of a deleted log and forgets the file", async () => {
    const file = join(projectDir, "deleted.jsonl");
    await writeFile(file, userLine("deleted", 1, "a question") + assistantLine("deleted", 2, "an answer"));
    await eventually(async () => (await lastSequence("deleted")) === 3);
    // Gone before it went quiet for the idle time (3 s): only the sweep of missing files can complete it.
    await rm(file);
    await eventually(async () => (await statusOf("deleted")) === "completed", { timeoutMs: 60_000 });
    await eventually(async () => (watcher?.output() ?? "").includes(`forgot ${file}: the file is gone`));
    const status = await runCli(["status", "--json"], stack.cliEnv);
    const report = JSON.parse(status.stdout) as { files: { path: string; sessionId: string | null }[] };
    expect(report.files.map((f) => f.path)).not.toContain(file);
    expect(report.files.map((f) => f.sessionId)).toContain("quiet");
    expect(await messageSequences(stack.prisma, "deleted")).toEqual([2, 3]);
  }, 90_000);

  it("sends nothing of excluded files or projects", async () => {
    const tree = join(stack.home, "exclude-tree");
    const visible = join(tree, "-home-alice-proj");
    const hiddenFolder = join(tree, "-home-alice-secret");
    await mkdir(visible, { recursive: true });
    await mkdir(hiddenFolder, { recursive: true });
    await writeFile(join(visible, "kept.jsonl"), userLine("kept", 1, "fine to share"));
    await writeFile(join(visible, "by-path.jsonl"), userLine("by-path", 1, "excluded by its file name"));
    // Excluded by its working directory, wherever the file is.
    await writeFile(
      join(visible, "by-project.jsonl"),
      userLine("by-project", 1, "excluded by project").replace("/home/alice/proj", "/home/alice/secret/app"),
    );
    await writeFile(join(hiddenFolder, "by-folder.jsonl"), userLine("by-folder", 1, "excluded by folder"));

    const run = await runCli(
      [
        "ingest",
        tree,
        "--exclude",
        "**/by-path.jsonl",
        "--exclude",
        "/home/alice/secret",
        "--exclude",
        join(hiddenFolder, "**"),
      ],
      stack.cliEnv,
    );
    expect(run.code).toBe(0);
    await eventually(async () => (await lastSequence("kept")) === 2);
    const sessions = await conversations(stack.prisma);
    expect(sessions.has("by-path")).toBe(false);
    expect(sessions.has("by-project")).toBe(false);
    expect(sessions.has("by-folder")).toBe(false);
  }, 90_000);
});
