// Two sources of one session id (issue 11, decisions 0024 and 0025) against the real stack: the second file is
// refused with 409 session_conflict instead of being dropped as duplicates, `status` shows it, `ingest` exits
// non-zero; an identical copy stays a silent duplicate; a file the watcher itself saw rewritten never conflicts.
import { cp, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";

import {
  assistantLine,
  conversations,
  eventually,
  messageCount,
  messageSequences,
  runCli,
  type Stack,
  startStack,
  userLine,
} from "./support";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack("watcher-conflict");
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

async function logFile(dir: string, name: string, content: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe("one session id from two sources", () => {
  it("refuses the second file with a session conflict: ingest exits non-zero, status names it", async () => {
    const first = await logFile(
      join(stack.home, "machine-a", "-home-alice-proj"),
      "shared.jsonl",
      userLine("shared", 1, "from machine A") + assistantLine("shared", 2, "reply on A"),
    );
    const firstRun = await runCli(["ingest", first], stack.cliEnv);
    expect(firstRun.code).toBe(0);
    await eventually(async () => (await messageSequences(stack.prisma, "shared")).length === 2);

    const second = await logFile(
      join(stack.home, "machine-b", "-home-alice-proj"),
      "shared.jsonl",
      userLine("shared", 1, "from machine A") +
        assistantLine("shared", 2, "another reply on B") +
        userLine("shared", 3, "more on B"),
    );
    const before = await messageCount(stack.prisma);
    const run = await runCli(["ingest", second], stack.cliEnv);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(
      /session conflict: the server already holds different events of session shared at sequence 3/,
    );
    expect(run.stderr).toContain(`--exclude '${second}'`);
    expect(run.stderr).toMatch(/1 failed \(1 with a session conflict\)/);
    // Nothing of the second file was accepted: the session is still the first file's.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await messageCount(stack.prisma)).toBe(before);
    expect(await messageSequences(stack.prisma, "shared")).toEqual([2, 3]);
    expect((await conversations(stack.prisma)).get("shared")?.last_event_sequence).toBe(3);

    // `watch --once` over the second file keeps the conflict in its state, and `status` shows it.
    const watched = await runCli(
      ["watch", "--once", "--claude-dir", join(stack.home, "no-claude"), join(stack.home, "machine-b")],
      stack.cliEnv,
    );
    expect(watched.stderr + watched.stdout).toMatch(/session conflict/);
    const status = await runCli(["status"], stack.cliEnv);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/conflicts 1/);
    expect(status.stdout).toContain(
      `conflict  shared first conflicting sequence 3 (server's last 3) ${second}`,
    );
  }, 180_000);

  it("keeps an identical copy of a file a silent duplicate", async () => {
    const original = await logFile(
      join(stack.home, "copies", "-home-alice-proj"),
      "copied.jsonl",
      userLine("copied", 1, "hello") + assistantLine("copied", 2, "hi"),
    );
    expect((await runCli(["ingest", original], stack.cliEnv)).code).toBe(0);
    const copy = join(stack.home, "copies", "backup", "copied.jsonl");
    await mkdir(join(stack.home, "copies", "backup"), { recursive: true });
    await cp(original, copy);
    const run = await runCli(["ingest", copy], stack.cliEnv);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/1 files, 1 sessions, 0 events sent, 0 skipped, 0 failed\n/);
  }, 120_000);

  it("never conflicts over a file the watcher itself saw rewritten under the same session id", async () => {
    const dir = join(stack.home, "rewrites", "-home-alice-proj");
    const file = await logFile(
      dir,
      "rewritten.jsonl",
      userLine("rewritten", 1, "first life") + assistantLine("rewritten", 2, "reply"),
    );
    const args = [
      "watch",
      "--once",
      "--claude-dir",
      join(stack.home, "no-claude"),
      join(stack.home, "rewrites"),
    ];
    expect((await runCli(args, stack.cliEnv)).code).toBe(0);
    // Replaced: other content at the sequences already sent, and more after them.
    await writeFile(
      file,
      userLine("rewritten", 1, "second life") +
        assistantLine("rewritten", 2, "another reply") +
        userLine("rewritten", 3, "new prompt") +
        assistantLine("rewritten", 4, "new reply"),
    );
    const run = await runCli(args, stack.cliEnv);
    expect(run.code).toBe(0);
    expect(run.stderr + run.stdout).not.toMatch(/session conflict/);
    expect(run.stderr).toMatch(/backfill done: 2 events sent, 0 failures/);
    const status = await runCli(["status", "--verbose"], stack.cliEnv);
    expect(status.stdout).toMatch(new RegExp(`sent +rewritten seq 5 ${file.replaceAll("/", "\\/")}`));
  }, 120_000);
});
