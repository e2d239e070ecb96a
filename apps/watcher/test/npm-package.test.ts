// The npm package @catsyphon/cli as a user gets it: built, packed by `npm pack`, installed with
// `npm i -g --prefix <tmp>` outside the repository, and run as `catsyphon` with plain node (no tsx, no workspace
// packages to resolve): --version, --help, an ingest of fixture logs into the real ingest API and worker, and a watch.
import { spawn } from "node:child_process";
import { realpathSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path, { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import {
  createNpmHome,
  npm,
  npmPack,
  type PackResult,
  publishProblems,
  run,
  type WrittenPackage,
} from "@catsyphon/npm-package";
import { PARSERS, parseWholeFile } from "@catsyphon/parsers";
import { PARSING_PROCESS_FLAGS } from "@catsyphon/parsers/process-flags";
import { repoRoot } from "@catsyphon/testing";

import { CLI_BIN, WATCHER_DIR, writeCliNpmPackage } from "../scripts/npm-package";
import { conversations, copyFixture, eventually, type Stack, startStack } from "./support";

const SETUP_TIMEOUT_MS = 240_000;
const TEST_TIMEOUT_MS = 120_000;

let work: string;
let written: WrittenPackage;
let packed: PackResult;
let prefix: string;
let catsyphon: string;
let stack: Stack;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "catsyphon-cli-npm-"));
  const home = await createNpmHome(path.join(work, "npm-home"));
  [written, stack] = await Promise.all([
    writeCliNpmPackage(path.join(work, "package")),
    startStack("watcher-npm-package"),
  ]);
  packed = await npmPack(written.dir, path.join(work, "tarballs"), home);
  prefix = path.join(work, "global");
  // --offline: the package has no dependencies, so nothing is fetched.
  await npm(["install", "--global", "--offline", "--prefix", prefix, packed.tarball], { cwd: work, home });
  catsyphon = path.join(prefix, "bin", "catsyphon");
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await stack?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** The installed command, as a shell would start it: by its path, `#!/usr/bin/env node` finding node on PATH. */
function runInstalled(args: string[], env: Record<string, string> = {}) {
  return run(catsyphon, args, {
    cwd: work,
    env: { PATH: path.dirname(process.execPath), HOME: stack.home, ...env },
  });
}

describe("the tarball", () => {
  it("holds only dist, the README and package.json", () => {
    expect(packed.files.map((file) => file.path).sort()).toEqual(
      [
        "README.md",
        "dist/THIRD-PARTY-NOTICES.md",
        `dist/${CLI_BIN}`,
        `dist/${CLI_BIN}.map`,
        "package.json",
      ].sort(),
    );
    expect(packed.name).toBe("@catsyphon/cli");
  });

  it("has a package.json with the catsyphon bin and nothing to resolve: no dependencies, no workspace specifiers", async () => {
    const installed = path.join(prefix, "lib", "node_modules", "@catsyphon", "cli");
    const text = await readFile(path.join(installed, "package.json"), "utf8");
    const manifest = JSON.parse(text) as Record<string, unknown>;
    const own = JSON.parse(await readFile(path.join(WATCHER_DIR, "package.json"), "utf8")) as {
      version: string;
    };
    expect(text).not.toMatch(/workspace:|catalog:/);
    expect(publishProblems(manifest)).toEqual([]);
    expect(manifest).toMatchObject({
      name: "@catsyphon/cli",
      version: own.version,
      type: "module",
      bin: { catsyphon: `./dist/${CLI_BIN}` },
      files: ["dist"],
      license: "MIT",
    });
    expect(manifest).not.toHaveProperty("dependencies");
    expect(manifest).not.toHaveProperty("scripts");
    // npm linked the bin to the installed bundle, outside this repository.
    expect(realpathSync(catsyphon)).toBe(realpathSync(path.join(installed, "dist", CLI_BIN)));
    expect(realpathSync(catsyphon).startsWith(repoRoot())).toBe(false);
  });

  it("is one bundle that imports only Node built-ins, with the licenses of the code bundled into it", async () => {
    const code = await readFile(path.join(written.dir, "dist", CLI_BIN), "utf8");
    expect(code.startsWith("#!/usr/bin/env node\n")).toBe(true);
    const imports = [...code.matchAll(/^import .* from "([^"]+)";$/gm)].map((match) => match[1] ?? "");
    expect(imports.filter((specifier) => !specifier.startsWith("node:"))).toEqual([]);
    expect(code).not.toMatch(/from "tsx|@catsyphon\//);
    const notices = await readFile(path.join(written.dir, "dist", "THIRD-PARTY-NOTICES.md"), "utf8");
    for (const name of ["chokidar", "readdirp", "zod"]) expect(notices).toMatch(new RegExp(`## ${name}@\\d`));
    const map = JSON.parse(await readFile(path.join(written.dir, "dist", `${CLI_BIN}.map`), "utf8")) as {
      sources: string[];
    };
    for (const source of map.sources) expect(source).toMatch(/^(apps|packages)\/[\w-]+\/|^node_modules\//);
    expect(map.sources.some((source) => /\/test\/|\.test\.ts$/.test(source))).toBe(false);
  });
});

describe("the installed catsyphon", () => {
  it(
    "prints its version and its usage",
    async () => {
      const [version, help] = await Promise.all([runInstalled(["--version"]), runInstalled(["--help"])]);
      expect(version).toEqual({ code: 0, stdout: `${written.manifest.version}\n`, stderr: "" });
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^Usage: catsyphon <command> \[options\]/);
      expect(help.stdout).toContain("ingest <paths...>");
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "ingests a folder of Claude Code, Codex CLI and Gemini CLI logs into the real ingest API",
    async () => {
      const tree = path.join(stack.home, "upload");
      const files = {
        claude: join(tree, "claude", "-work", "small.jsonl"),
        codex: join(tree, "codex", "with-tool-calls.jsonl"),
        gemini: join(tree, "gemini", "hash", "chats", "session-1.jsonl"),
      };
      await copyFixture("claude-code/agent-sessions/small.jsonl", files.claude);
      await copyFixture("codex/aiobscura/with-tool-calls.jsonl", files.codex);
      await copyFixture("gemini/agent-sessions/jsonl_v040.jsonl", files.gemini);

      const ingest = await runInstalled(["ingest", tree], stack.cliEnv);
      expect(ingest.stderr).toMatch(/3 files, 3 sessions, \d+ events sent, 0 skipped, 0 failed/);
      expect(ingest.code).toBe(0);

      // What the parsers read from each file is what the worker stored (it writes asynchronously: wait for it).
      const expectations = await Promise.all(Object.values(files).map(lastEvent));
      const rows = await eventually(
        async () => {
          const all = await conversations(stack.prisma);
          return expectations.every((e) => all.get(e.sessionId)?.last_event_sequence === e.lastSequence)
            ? all
            : null;
        },
        { timeoutMs: 60_000 },
      );
      expect(new Set([...rows.values()].map((row) => row.agent_type))).toEqual(
        new Set(["claude_code", "codex", "gemini"]),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "watches with the parsing flags (it relaunches itself with them) and stops on SIGTERM",
    async () => {
      const child = spawn(catsyphon, ["watch", "--state-dir", path.join(stack.home, "watch-state")], {
        cwd: work,
        env: { PATH: path.dirname(process.execPath), ...stack.cliEnv },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      try {
        await eventually(async () => output.includes("following changes"), { timeoutMs: 60_000 });
        // Same pid, new command line: process.execve replaced the first process.
        const commandLine = (await readFile(`/proc/${child.pid}/cmdline`, "utf8")).split("\0");
        for (const flag of PARSING_PROCESS_FLAGS) expect(commandLine).toContain(flag);
      } finally {
        child.kill("SIGTERM");
      }
      expect(await exited).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});

/** The session id of a log file and the sequence of its last event, as the parsers read them. */
async function lastEvent(file: string): Promise<{ sessionId: string; lastSequence: number }> {
  const bytes = await readFile(file);
  const parser = PARSERS.find((p) => p.probe(file, bytes.subarray(0, 65536).toString("utf8")));
  if (!parser) throw new Error(`no parser for ${file}`);
  const { events, checkpoint } = parseWholeFile(parser, bytes, { path: file });
  return { sessionId: checkpoint.session?.sessionId ?? "", lastSequence: events.length };
}
