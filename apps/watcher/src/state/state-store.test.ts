import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "@jest/globals";

import { StateStore } from "./state-store";
import { summaryOf, type TrackedFile } from "./tracked-file";

function tracked(path: string, overrides: Partial<TrackedFile> = {}): TrackedFile {
  return {
    path,
    format: "claude_code",
    layout: "append",
    checkpoint: {
      offset: 100,
      line: 3,
      nextSequence: 4,
      session: { sessionId: `session-of-${path}`, agentType: "claude_code" },
      stats: { lines: 3, malformedLines: 0, unknownTypes: {}, events: 3 },
      state: {},
    },
    size: 100,
    mtimeMs: 1_000,
    prefixHash: null,
    prefixLength: 0,
    ackedSequence: 3,
    completedSequence: null,
    excluded: false,
    failures: 0,
    lastError: null,
    lastErrorAt: null,
    conflict: null,
    updatedAt: 1_000,
    ...overrides,
  };
}

const dirs: string[] = [];
async function stateDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "catsyphon-state-"));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("tracked file summaries", () => {
  it("say whether idle completion may have work: parsed, not excluded, not completed at the last sequence", () => {
    expect(summaryOf(tracked("/a")).completable).toBe(true);
    expect(summaryOf(tracked("/a", { completedSequence: 3 })).completable).toBe(false);
    // Events after the completion reopened the session: it can be completed again.
    expect(summaryOf(tracked("/a", { completedSequence: 2 })).completable).toBe(true);
    expect(summaryOf(tracked("/a", { excluded: true })).completable).toBe(false);
    expect(summaryOf(tracked("/a", { format: null, layout: null, checkpoint: null })).completable).toBe(
      false,
    );
    expect(summaryOf(tracked("/a")).sessionId).toBe("session-of-/a");
  });
});

describe("StateStore.summaries", () => {
  it("reads the state folder once, then follows put() and remove() without reading it again", async () => {
    const dir = await stateDir();
    const writer = new StateStore(dir);
    await writer.put(tracked("/logs/a.jsonl"));
    await writer.put(tracked("/logs/b.jsonl", { lastError: "boom" }));

    const store = new StateStore(dir);
    const first = await store.summaries();
    expect(first.map((file) => file.path).sort()).toEqual(["/logs/a.jsonl", "/logs/b.jsonl"]);
    expect(first.find((file) => file.path === "/logs/b.jsonl")?.lastError).toBe("boom");

    await store.put(tracked("/logs/c.jsonl", { size: 7 }));
    await store.put(tracked("/logs/a.jsonl", { completedSequence: 3 }));
    await store.remove("/logs/b.jsonl");
    // Entries changed behind its back are not read again (the folder belongs to one watcher process).
    const [entry] = await readdir(join(dir, "files"));
    if (entry === undefined) throw new Error("no entry written");
    await writeFile(join(dir, "files", entry), "not json");

    const later = await store.summaries();
    expect(later.map((file) => [file.path, file.completable, file.size]).sort()).toEqual([
      ["/logs/a.jsonl", false, 100],
      ["/logs/c.jsonl", true, 7],
    ]);
  });

  it("keeps what put() and remove() did while the folder was being read", async () => {
    const dir = await stateDir();
    const writer = new StateStore(dir);
    for (let i = 0; i < 50; i++) await writer.put(tracked(`/logs/${i}.jsonl`));

    const store = new StateStore(dir);
    const loading = store.summaries();
    await store.put(tracked("/logs/0.jsonl", { size: 999 }));
    await store.remove("/logs/1.jsonl");
    await loading;
    const summaries = new Map((await store.summaries()).map((file) => [file.path, file]));
    expect(summaries.size).toBe(49);
    expect(summaries.get("/logs/0.jsonl")?.size).toBe(999);
    expect(summaries.has("/logs/1.jsonl")).toBe(false);
  });
});
