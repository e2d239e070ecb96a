// Starts the real ingest API as a child process (`node --import tsx apps/ingest-api/src/main.ts`) against this
// test file's own Postgres database and Redis prefix, and finds its URL in the "listening" log line.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";

import { childProcessEnv } from "./env";
import { repoRoot } from "./repo";
import { createTestDatabase, type TestDatabase } from "./test-database";
import { createTestRedis, type TestRedis } from "./test-redis";

const INGEST_API_DIR = path.join(repoRoot(), "apps", "ingest-api");
const MAIN = path.join(INGEST_API_DIR, "src", "main.ts");

export function ingestApiAvailable(): boolean {
  return existsSync(MAIN);
}

export interface IngestApiProcess {
  url: string;
  adminToken: string;
  database: TestDatabase;
  redis: TestRedis;
  /** Everything the process wrote so far (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within a few seconds; drops the database. Idempotent. */
  stop(): Promise<void>;
}

export interface StartIngestApiOptions {
  label?: string;
  /** Share a database / Redis prefix with other processes of the test (e.g. a worker); not dropped by stop(). */
  database?: TestDatabase;
  redis?: TestRedis;
  /** Laid over the defaults, e.g. RATE_LIMIT_REQUESTS_PER_MIN or REDIS_URL of a private redis-server. */
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

/** The real ingest API in a child process, as `pnpm --filter @catsyphon/ingest-api start` runs it. */
export async function startIngestApiProcess(options: StartIngestApiOptions = {}): Promise<IngestApiProcess> {
  const label = options.label ?? "api";
  const ownsDatabase = !options.database;
  const ownsRedis = !options.redis;
  const database = options.database ?? (await createTestDatabase(label));
  const redis = options.redis ?? createTestRedis(label);
  const adminToken = randomBytes(24).toString("hex");
  const env = childProcessEnv({
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: redis.prefix,
    INGEST_API_PORT: "0",
    CATSYPHON_ADMIN_TOKEN: adminToken,
    CATSYPHON_KEY_ENV: "test",
    LOG_LEVEL: "info",
    ...options.env,
  });
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    cwd: INGEST_API_DIR,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });

  let output = "";
  const append = (chunk: Buffer) => {
    // Keep the tail only: a long test writes a log line per request.
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stderr?.on("data", append);

  try {
    const url = await waitForLogLine(
      child,
      append,
      options.startTimeoutMs ?? 60_000,
      () => output,
      "ingest API",
      listeningUrl,
    );
    let stopping: Promise<void> | undefined;
    return {
      url,
      adminToken,
      database,
      redis,
      output: () => output,
      stop: () => {
        stopping ??= (async () => {
          await terminate(child);
          if (ownsRedis) await redis.cleanup().catch(() => undefined);
          if (ownsDatabase) await database.drop();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await terminate(child);
    if (ownsDatabase) await database.drop();
    throw error;
  }
}

/** Waits for the first stdout line (pino JSON) that `match` turns into a value, e.g. the URL it listens on. */
export function waitForLogLine(
  child: ChildProcess,
  append: (chunk: Buffer) => void,
  timeoutMs: number,
  output: () => string,
  what: string,
  match: (entry: Record<string, unknown>) => string | undefined,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let pending = "";
    let found = false;
    const timer = setTimeout(() => {
      reject(new Error(`${what} did not log that it started within ${timeoutMs} ms:\n${output()}`));
    }, timeoutMs);
    child.stdout?.on("data", (chunk: Buffer) => {
      append(chunk);
      if (found) return;
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const url = parseLogLine(line, match);
        if (url) {
          found = true;
          clearTimeout(timer);
          resolve(url);
          return;
        }
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (!found) reject(new Error(`${what} exited (${signal ?? code}) before it started:\n${output()}`));
    });
  });
}

function parseLogLine(
  line: string,
  match: (entry: Record<string, unknown>) => string | undefined,
): string | undefined {
  try {
    const entry = JSON.parse(line) as unknown;
    return typeof entry === "object" && entry !== null ? match(entry as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function listeningUrl(entry: Record<string, unknown>): string | undefined {
  return entry.msg === "listening" && typeof entry.url === "string" ? entry.url : undefined;
}

/** SIGTERM, then SIGKILL after 10 s. */
export async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}
