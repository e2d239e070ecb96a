// `pnpm start` with its default set of apps, the web app included: it prints the dashboard's sign-in address once
// the web app answers /ready, the first user (CATSYPHON_INIT_ADMIN_EMAIL / _PASSWORD) can sign in there, and
// stopping the launcher stops the web server too (its port free, none of its processes left).
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createTestDatabase, createTestRedis, testEnv, type TestDatabase } from "@catsyphon/testing";
import { z } from "zod";

const ADMIN = { email: "first.admin@launcher.example", password: "a long first password" };
const testRedis = createTestRedis("launcher-web");
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase("launcher-web");
});
afterAll(async () => {
  await database.drop();
  await testRedis.cleanup();
});

/** The environment of the test without CATSYPHON_APPS (so the launcher starts its default set). */
function launcherEnv(): NodeJS.ProcessEnv {
  const { CATSYPHON_APPS: _ignored, ...inherited } = process.env;
  return {
    ...inherited,
    LOG_LEVEL: "warn",
    DATABASE_URL: database.url,
    REDIS_URL: testEnv.TEST_REDIS_URL,
    REDIS_KEY_PREFIX: testRedis.prefix,
    // Free ports; with the API on any port the watcher (which would need its address) is not started.
    INGEST_API_PORT: "0",
    WORKER_HEALTH_PORT: "0",
    WEB_PORT: "0",
    CATSYPHON_INIT_ADMIN_EMAIL: ADMIN.email,
    CATSYPHON_INIT_ADMIN_PASSWORD: ADMIN.password,
  };
}

function processTable(): { pid: number; ppid: number; state: string }[] {
  const ps = spawnSync("ps", ["-e", "-o", "pid=,ppid=,stat="], { encoding: "utf8" });
  return ps.stdout
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((columns) => columns.length === 3)
    .map(([pid, ppid, state]) => ({ pid: Number(pid), ppid: Number(ppid), state: state ?? "" }));
}

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

const stillRunning = (pids: number[]) => {
  const table = new Map(processTable().map((entry) => [entry.pid, entry]));
  return pids.filter((pid) => {
    const entry = table.get(pid);
    return entry !== undefined && !entry.state.startsWith("Z");
  });
};

const commandOf = (pid: number) =>
  spawnSync("ps", ["-o", "args=", "-p", String(pid)], { encoding: "utf8" }).stdout.trim();

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

const meSchema = z.object({
  principal: z.object({ kind: z.literal("session"), user: z.object({ email: z.string() }) }),
  role: z.string().nullable(),
});

describe("pnpm start with the web app", () => {
  it("prints the sign-in address, lets the first user sign in, and stops the web server with it", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "../src/start.ts")], {
      cwd: path.join(__dirname, ".."),
      env: launcherEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | string | null>((resolve) =>
      child.once("exit", (code, signal) => resolve(code ?? signal)),
    );
    // The web app builds on its first start when its sources changed (a minute or two here), then says ready.
    const ready = /ready: .*@catsyphon\/web at (http:\/\/127\.0\.0\.1:(\d+))\/sign-in/;
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (ready.test(output)) {
          clearInterval(timer);
          resolve();
        }
      }, 200);
      void exited.then(() => {
        clearInterval(timer);
        reject(new Error(`the launcher exited before it was ready:\n${output}`));
      });
    });
    const [, origin = "", port = ""] = ready.exec(output) ?? [];
    try {
      expect((await fetch(`${origin}/ready`)).status).toBe(200);
      const signIn = await fetch(`${origin}/api/v1/auth/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json", origin },
        body: JSON.stringify(ADMIN),
      });
      expect(signIn.status).toBe(200);
      const cookies = signIn.headers
        .getSetCookie()
        .map((cookie) => cookie.split(";")[0])
        .join("; ");
      const me = meSchema.parse(
        await (await fetch(`${origin}/api/v1/me`, { headers: { cookie: cookies } })).json(),
      );
      expect(me.principal.user.email).toBe(ADMIN.email);
      expect(me.role).toBe("owner");
    } finally {
      const started = descendants(child.pid ?? -1);
      // The web app's own Node process (`node ... src/cli/start.ts` under pnpm and its shell).
      const webProcesses = started.filter((pid) => /src\/cli\/start\.ts/.test(commandOf(pid)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(webProcesses.length).toBeGreaterThan(0);
      expect(stillRunning(started).map(commandOf)).toEqual([]);
      expect(await portFree(Number(port))).toBe(true);
    }
  }, 600_000);
});
