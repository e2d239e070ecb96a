// Every command a user runs (`pnpm start`, `pnpm catsyphon`, each app's start script, the db CLIs) stops with one
// clear line on a Node older than the code base needs. Run for real with this machine's system Node 20.
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { repoRoot } from "@catsyphon/testing";
import { z } from "zod";
import { isSupportedNodeVersion, requiredNodeVersion } from "./node-version.cjs";

const OLD_NODE = "/usr/bin/node";
const root = repoRoot();
const manifestSchema = z.object({
  name: z.string().optional(),
  engines: z.object({ node: z.string() }).partial().optional(),
  scripts: z.record(z.string(), z.string()).optional(),
});

async function manifest(dir: string): Promise<z.infer<typeof manifestSchema>> {
  return manifestSchema.parse(JSON.parse(await readFile(path.join(root, dir, "package.json"), "utf8")));
}

/** Scripts that start a program of ours on Node (benchmarks are developer tools, not entry points). */
async function entryScripts(): Promise<{ dir: string; script: string }[]> {
  const dirs = ["."];
  for (const group of ["apps", "packages", "tooling"]) {
    dirs.push(...(await readdir(path.join(root, group))).map((name) => path.join(group, name)));
  }
  const found: { dir: string; script: string }[] = [];
  for (const dir of dirs) {
    const scripts = (await manifest(dir).catch(() => undefined))?.scripts ?? {};
    for (const [script, command] of Object.entries(scripts)) {
      if (/^(node|tsx) /.test(command) && !script.startsWith("bench")) found.push({ dir, script });
    }
  }
  return found;
}

function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // A script that does not check the version would really start: stop it, the assertion then fails. Generous:
    // `pnpm start` is pnpm in pnpm on the old Node, which takes tens of seconds on a loaded machine.
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const oldNodeVersion = spawnSync(OLD_NODE, ["--version"], { encoding: "utf8" }).stdout.trim();
const expectedLine = `catsyphon needs Node >= 22.22 (this is ${oldNodeVersion}); see README`;

describe("the Node version check", () => {
  let binDir = "";
  let home = "";
  // PATH leads to the old Node, so pnpm and every script it runs use it, as on a machine that has only Node 20.
  let env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    if (!/^v\d+\./.test(oldNodeVersion))
      throw new Error(`${OLD_NODE} is missing: this test needs an old Node`);
    if (isSupportedNodeVersion(oldNodeVersion.slice(1))) {
      throw new Error(`${OLD_NODE} is ${oldNodeVersion}, not older than ${requiredNodeVersion}`);
    }
    binDir = await mkdtemp(path.join(os.tmpdir(), "catsyphon-old-node-"));
    home = await mkdtemp(path.join(os.tmpdir(), "catsyphon-old-node-home-"));
    await symlink(OLD_NODE, path.join(binDir, "node"));
    env = {
      ...process.env,
      PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}`,
      HOME: home,
      // Without the check, whatever starts fails on these soon (and touches nothing).
      DATABASE_URL: "mysql://not-postgres",
      REDIS_URL: "not-redis",
      CATSYPHON_SERVER_URL: "",
      NODE_OPTIONS: "",
    };
  });
  afterAll(async () => {
    await rm(binDir, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  });

  it("requires what the root package.json's engines field says", async () => {
    expect((await manifest(".")).engines?.node).toBe(`>=${requiredNodeVersion}`);
    expect(isSupportedNodeVersion(process.versions.node)).toBe(true);
    expect(isSupportedNodeVersion("22.21.9")).toBe(false);
    expect(isSupportedNodeVersion("22.22.0")).toBe(true);
    expect(isSupportedNodeVersion("23.0.0")).toBe(true);
    expect(isSupportedNodeVersion("20.20.2")).toBe(false);
  });

  it("stops the catsyphon bin run directly with one line and exit code 1", async () => {
    const result = await run(OLD_NODE, ["apps/watcher/bin/catsyphon.mjs", "status"], { cwd: root, env });
    expect({ code: result.code, stderr: result.stderr, stdout: result.stdout }).toEqual({
      code: 1,
      stderr: `${expectedLine}\n`,
      stdout: "",
    });
  });

  it("stops every entry script run through pnpm, before it loads anything else", async () => {
    const scripts = await entryScripts();
    // The ones users run, at least, are among them.
    expect(scripts).toEqual(
      expect.arrayContaining([
        { dir: ".", script: "catsyphon" },
        { dir: "apps/ingest-api", script: "start" },
        { dir: "apps/ingest-api", script: "api-tokens" },
        { dir: "apps/ingest-worker", script: "start" },
        { dir: "apps/watcher", script: "start" },
        { dir: "packages/db", script: "db:migrate" },
        { dir: "tooling/launcher", script: "start" },
      ]),
    );
    // `pnpm start` from the root goes through pnpm twice (root script -> launcher's start script).
    const all = [{ dir: ".", script: "start" }, ...scripts];
    const results: { dir: string; script: string; code: number | null; lines: string[]; stdout: string }[] =
      [];
    // A few at a time: each is a pnpm start-up on the old Node (seconds under load), and there are dozens.
    let next = 0;
    const runNext = async (): Promise<void> => {
      for (let item = all[next++]; item; item = all[next++]) {
        const { dir, script } = item;
        const result = await run("pnpm", ["--silent", "run", script], { cwd: path.join(root, dir), env });
        const ours = result.stderr.split("\n").filter((line) => line.startsWith("catsyphon needs"));
        results.push({ dir, script, code: result.code, lines: ours, stdout: result.stdout.trim() });
      }
    };
    await Promise.all(Array.from({ length: 4 }, runNext));
    expect(results).toHaveLength(all.length);
    expect(results).toEqual(
      results.map(({ dir, script }) => ({ dir, script, code: 1, lines: [expectedLine], stdout: "" })),
    );
  }, 600_000);
});
