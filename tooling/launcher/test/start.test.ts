import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "@jest/globals";
import { createTestRedis, testEnv } from "@catsyphon/testing";
import { Redis } from "ioredis";
import { Client } from "pg";
import { freePort } from "../src/local-host";

interface Launch {
  child: ChildProcess;
  output: () => string;
  waitFor: (pattern: RegExp) => Promise<void>;
  exited: Promise<number | string | null>;
}

const testRedis = createTestRedis("launcher");
const redisPrefix = testRedis.prefix;

function launch(env: Record<string, string>): Launch {
  // node --import tsx (not the tsx CLI wrapper), so signals reach the launcher itself.
  const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "../src/start.ts")], {
    cwd: path.join(__dirname, ".."),
    // The apps it starts listen on any free port and keep their Redis keys under a prefix of this test's own.
    env: {
      ...process.env,
      LOG_LEVEL: "warn",
      INGEST_API_PORT: "0",
      WORKER_HEALTH_PORT: "0",
      REDIS_KEY_PREFIX: redisPrefix,
      // The web app (a Next build on its first start) is tested by its own suite.
      CATSYPHON_APPS: "ingest-api,ingest-worker,watcher",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
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
        void exited.then(() => reject(new Error(`launcher exited before ${pattern}:\n${output}`)));
        check();
      }),
  };
}

async function tablesIn(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const rows = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    );
    return rows.rows.map((row) => row.tablename);
  } finally {
    await client.end();
  }
}

async function postgresAnswers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe("pnpm start", () => {
  const cleanups: (() => Promise<unknown>)[] = [() => testRedis.cleanup()];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("migrates the database at DATABASE_URL, reports ready, and stops on SIGTERM", async () => {
    const name = `catsyphon_test_launcher_${Date.now().toString(36)}`;
    const admin = new URL(testEnv.TEST_DATABASE_URL);
    const target = new URL(testEnv.TEST_DATABASE_URL);
    target.pathname = `/${name}`;
    cleanups.push(async () => {
      const client = new Client({ connectionString: admin.toString() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    });

    const run = launch({ DATABASE_URL: target.toString(), REDIS_URL: testEnv.TEST_REDIS_URL });
    await run.waitFor(/ready:/);
    expect(run.output()).toMatch(/applied \d{14}_init/);
    // "ready" means the services answer: the API at the address it names (a free port, INGEST_API_PORT being 0).
    const api = /ready: .*@catsyphon\/ingest-api at (http:\/\/127\.0\.0\.1:\d+)/.exec(run.output());
    expect(api).not.toBeNull();
    expect((await fetch(`${api?.[1]}/ready`)).status).toBe(200);
    expect(run.output().indexOf("started @catsyphon/")).toBeLessThan(run.output().indexOf("ready:"));
    expect(run.output()).not.toMatch(/embedded/);
    expect(await tablesIn(target.toString())).toEqual(expect.arrayContaining(["conversations", "messages"]));
    // It keeps running (and the databases up) until told to stop.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(run.child.exitCode).toBeNull();
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
  });

  it("starts an embedded Postgres and a private redis-server when nothing answers locally", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "catsyphon-launcher-"));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const [pgPort, redisPort] = [await freePort(), await freePort()];
    const databaseUrl = `postgresql://postgres@127.0.0.1:${pgPort}/catsyphon`;

    const run = launch({
      DATABASE_URL: databaseUrl,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      CATSYPHON_DATA_DIR: dataDir,
    });
    await run.waitFor(/ready:/);
    expect(run.output()).toMatch(/starting an embedded one/);
    const redisLine = /started redis-server on 127\.0\.0\.1:(\d+)/.exec(run.output());
    expect(redisLine).not.toBeNull();
    expect(await tablesIn(databaseUrl)).toEqual(expect.arrayContaining(["conversations", "workspaces"]));
    const redis = new Redis(Number(redisLine?.[1]), "127.0.0.1");
    expect(await redis.ping()).toBe("PONG");
    redis.disconnect();

    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(await postgresAnswers(databaseUrl)).toBe(false);
  });

  it("stops with a one-line fix when a remote Postgres does not answer", async () => {
    const run = launch({
      DATABASE_URL: "postgresql://postgres@db.catsyphon.invalid:5432/catsyphon",
      REDIS_URL: testEnv.TEST_REDIS_URL,
    });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(
      /No Postgres answers at postgresql:\/\/postgres@db\.catsyphon\.invalid:5432\/catsyphon\. Start it, or fix DATABASE_URL\./,
    );
  });

  it("rejects an invalid environment before touching anything", async () => {
    const run = launch({ DATABASE_URL: "mysql://nope", REDIS_URL: testEnv.TEST_REDIS_URL });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/DATABASE_URL/);
  });
});
