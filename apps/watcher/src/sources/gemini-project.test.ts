import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";

import { geminiProjectRoot } from "./gemini-project";

describe("the project root of a Gemini chat", () => {
  let home: string;
  beforeEach(async () => {
    home = join(await mkdtemp(join(tmpdir(), "gemini-project-")), ".gemini");
  });
  afterEach(() => rm(join(home, ".."), { recursive: true, force: true }));

  const chat = async (folder: string, sub = "session-1.jsonl") => {
    const path = join(home, "tmp", folder, "chats", sub);
    await mkdir(join(path, ".."), { recursive: true });
    await writeFile(path, "");
    return path;
  };

  it("is the folder's .project_root, for main and sub-agent chats", async () => {
    const main = await chat("app");
    const child = await chat("app", join("parent-id", "child-id.jsonl"));
    await writeFile(join(home, "tmp", "app", ".project_root"), "/home/ana/src/app");
    expect(await geminiProjectRoot(main)).toBe("/home/ana/src/app");
    expect(await geminiProjectRoot(child)).toBe("/home/ana/src/app");
  });

  it("else the registry's root for the folder's slug, or whose sha256 names an older folder", async () => {
    const slug = await chat("app-1");
    const hash = createHash("sha256").update("/home/ana/src/old").digest("hex");
    const old = await chat(hash);
    await writeFile(
      join(home, "projects.json"),
      JSON.stringify({ projects: { "/home/ana/src/app": "app-1", "/home/ana/src/old": "old" } }, null, 2),
    );
    expect(await geminiProjectRoot(slug)).toBe("/home/ana/src/app");
    expect(await geminiProjectRoot(old)).toBe("/home/ana/src/old");
  });

  it("is unknown without a marker or a registry entry, or outside tmp/<project>/chats", async () => {
    const path = await chat("unknown");
    expect(await geminiProjectRoot(path)).toBeUndefined();
    await writeFile(join(home, "projects.json"), "not json");
    expect(await geminiProjectRoot(path)).toBeUndefined();
    expect(await geminiProjectRoot("/home/ana/.claude/projects/x/y.jsonl")).toBeUndefined();
  });
});
