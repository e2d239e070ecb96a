// `pnpm start` leaves nothing behind: whatever ends it (a signal to the launcher or to the pnpm above it, an app
// that dies, the launcher killed), every process it started ends with it; and it refuses a port already taken.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readlinkSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import {
  createTestDatabase,
  createTestRedis,
  eventually,
  repoRoot,
  testEnv,
  type TestDatabase,
} from "@catsyphon/testing";
import { freePort } from "../src/local-host";

interface Launch {
  child: ChildProcess;
  output: () => string;
  waitFor: (pattern: RegExp) => Promise<void>;
  exited: Promise<number | string | null>;
}

interface ProcessEntry {
  pid: number;
  ppid: number;
  state: string;
}

const testRedis = createTestRedis("launcher-groups");
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase("launcher-groups");
});
afterAll(async () => {
  await database.drop();
  await testRedis.cleanup();
});

function baseEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    LOG_LEVEL: "warn",
    DATABASE_URL: database.url,
    REDIS_URL: testEnv.TEST_REDIS_URL,
    REDIS_KEY_PREFIX: testRedis.prefix,
    // Any free port for the API, so the watcher (which would need its address) is not started.
    INGEST_API_PORT: "0",
    WORKER_HEALTH_PORT: "0",
    // The web app (a Next build on its first start) is tested by its own suite.
    CATSYPHON_APPS: "ingest-api,ingest-worker,watcher",
    ...overrides,
  };
}

function watch(child: ChildProcess): Launch {
  let output = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<number | string | null>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal)),
  );
  return {
    child,
    output: () => output,
    exited,
    waitFor: (pattern) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(output)) {
            listeners.delete(check);
            resolve();
          }
        };
        listeners.add(check);
        void exited.then(() => reject(new Error(`exited before ${pattern}:\n${output}`)));
        check();
      }),
  };
}

/** The launcher itself, as `pnpm start` runs it. */
function launch(overrides: Record<string, string> = {}): Launch {
  return watch(
    spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "../src/start.ts")], {
      cwd: path.join(__dirname, ".."),
      env: baseEnv(overrides),
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
}

function processTable(): ProcessEntry[] {
  const ps = spawnSync("ps", ["-e", "-o", "pid=,ppid=,stat="], { encoding: "utf8" });
  return ps.stdout
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((columns) => columns.length === 3)
    .map(([pid, ppid, state]) => ({ pid: Number(pid), ppid: Number(ppid), state: state ?? "" }));
}

/** Every process below `root` (children, their children, ...). */
function descendants(root: number): number[] {
  const table = processTable();
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const entry of table) {
      if (entry.ppid === parent && !found.includes(entry.pid)) {
        found.push(entry.pid);
        queue.push(entry.pid);
      }
    }
  }
  return found;
}

/** Of `pids`, those still running (a zombie has ended: only its exit status is left). */
function stillRunning(pids: number[]): number[] {
  const table = new Map(processTable().map((entry) => [entry.pid, entry]));
  return pids.filter((pid) => {
    const entry = table.get(pid);
    return entry !== undefined && !entry.state.startsWith("Z");
  });
}

function cwdOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
}

function commandOf(pid: number): string {
  return spawnSync("ps", ["-o", "args=", "-p", String(pid)], { encoding: "utf8" }).stdout.trim();
}

/** The app's own Node process (not pnpm or its shell): the one running src/main.ts in the app's folder. */
function appProcess(pids: number[], appDir: string): number | undefined {
  return pids.find((pid) => cwdOf(pid) === appDir && /src\/main\.ts/.test(commandOf(pid)));
}

const workerDir = path.join(repoRoot(), "apps", "ingest-worker");
const apiDir = path.join(repoRoot(), "apps", "ingest-api");

describe("pnpm start and the processes it starts", () => {
  it("stops everything and exits non-zero when an app is killed (kill -9 of the worker)", async () => {
    const run = launch();
    await run.waitFor(/ready:/);
    const started = descendants(run.child.pid ?? -1);
    const worker = appProcess(started, workerDir);
    expect(worker).toBeDefined();
    expect(appProcess(started, apiDir)).toBeDefined();

    process.kill(worker ?? -1, "SIGKILL");
    const code = await run.exited;
    expect(code).not.toBe(0);
    expect(run.output()).toMatch(/@catsyphon\/ingest-worker exited/);
    expect(stillRunning(started)).toEqual([]);
  });

  it.each(["SIGTERM", "SIGHUP"] as const)(
    "stops every process it started on %s to the launcher",
    async (signal) => {
      const run = launch();
      await run.waitFor(/ready:/);
      const started = descendants(run.child.pid ?? -1);
      // pnpm, its shell and the app itself, for the API and the worker at least.
      expect(started.length).toBeGreaterThanOrEqual(6);
      run.child.kill(signal);
      expect(await run.exited).toBe(0);
      expect(stillRunning(started)).toEqual([]);
    },
  );

  it("leaves no app running when the launcher itself is killed with kill -9", async () => {
    const run = launch();
    await run.waitFor(/ready:/);
    const started = descendants(run.child.pid ?? -1);
    expect(appProcess(started, apiDir)).toBeDefined();
    expect(appProcess(started, workerDir)).toBeDefined();
    run.child.kill("SIGKILL");
    await run.exited;
    // Nothing can run in the launcher any more: the apps stop on their own (SIGTERM, then they drain).
    await eventually(async () => stillRunning(started).length === 0, {
      timeoutMs: 40_000,
      intervalMs: 200,
    }).catch(() => undefined);
    expect(stillRunning(started).map(commandOf)).toEqual([]);
  });

  it.each([
    ["SIGTERM", "the top `pnpm start` process"],
    ["SIGHUP", "the top `pnpm start` process"],
    // What Ctrl-C in a terminal does: SIGINT to every process of the foreground job.
    ["SIGINT", "the whole `pnpm start` job"],
  ] as const)("stops everything, the launcher too, on %s to %s", async (signal, target) => {
    // As a shell starts a job: `pnpm start` from the repository root, in a process group of its own.
    const run = watch(
      spawn("pnpm", ["start"], {
        cwd: repoRoot(),
        env: baseEnv({}),
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      }),
    );
    await run.waitFor(/ready:/);
    const started = descendants(run.child.pid ?? -1);
    const launcher = started.find((pid) => /src\/start\.ts/.test(commandOf(pid)));
    expect(launcher).toBeDefined();
    expect(appProcess(started, apiDir)).toBeDefined();
    // The shells and the inner pnpm between the top pnpm and the launcher: they end once the launcher has.
    const between = started.filter((pid) => launcher !== undefined && descendants(pid).includes(launcher));
    if (target === "the whole `pnpm start` job") process.kill(-(run.child.pid ?? 0), signal);
    else run.child.kill(signal);
    await run.exited;
    // The top pnpm is gone at once; the launcher notices and stops the apps. Once the launcher and the
    // processes above it have ended, nothing may be left.
    while (stillRunning([launcher ?? -1, ...between]).length > 0) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(stillRunning(started)).toEqual([]);
  });

  describe("a port that is already taken", () => {
    let holder: Server;
    let port = 0;
    beforeAll(async () => {
      port = await freePort();
      // A leftover of an earlier run: it even answers /ready.
      holder = createServer((_req, res) => res.writeHead(200).end("ok"));
      await new Promise<void>((resolve) => holder.listen(port, resolve));
    });
    afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));

    it("refuses to start an embedded Postgres on a DATABASE_URL port something else holds", async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), "catsyphon-launcher-pg-"));
      const run = launch({
        DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/catsyphon`,
        CATSYPHON_DATA_DIR: dataDir,
      });
      const exited = await run.exited;
      await rm(dataDir, { recursive: true, force: true });
      expect(exited).toBe(1);
      expect(run.output()).toMatch(
        new RegExp(
          `port ${port} \\(DATABASE_URL, for the embedded Postgres\\) is in use by pid ${process.pid} \\(`,
        ),
      );
      expect(run.output()).not.toMatch(/starting an embedded one|ready:/);
    });

    it("refuses to start, naming the port and the process holding it, and never says ready", async () => {
      const run = launch({ INGEST_API_PORT: String(port) });
      const code = await run.exited;
      expect(code).toBe(1);
      expect(run.output()).toMatch(
        new RegExp(
          `port ${port} \\(INGEST_API_PORT, for @catsyphon/ingest-api\\) is in use by pid ${process.pid} \\(`,
        ),
      );
      expect(run.output()).not.toMatch(/ready:/);
      expect(run.output()).not.toMatch(/started @catsyphon/);
    });
  });
});
