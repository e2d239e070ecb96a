// Starts the real ingest worker as a child process (`node --import tsx apps/ingest-worker/src/main.ts`) on a
// test's database and Redis prefix, for tests of other apps (apps never import apps).
import { spawn } from "node:child_process";
import path from "node:path";

import { childProcessEnv } from "./env";
import { terminate, waitForLogLine } from "./ingest-api-process";
import { repoRoot } from "./repo";
import { type TestDatabase } from "./test-database";
import { type TestRedis } from "./test-redis";

const WORKER_DIR = path.join(repoRoot(), "apps", "ingest-worker");

export interface IngestWorkerProcess {
  /** The health server's base URL (`/health`, `/ready`, `/metrics`). */
  healthUrl: string;
  output(): string;
  /** True until the process exits, whatever the cause (a test of resilience asserts it never does). */
  alive(): boolean;
  /** SIGTERM (the worker finishes its current batches), then SIGKILL after 10 s. Idempotent. */
  stop(): Promise<void>;
}

export async function startIngestWorkerProcess(options: {
  database: TestDatabase;
  redis: TestRedis;
  env?: Record<string, string>;
  /** Extra Node flags (a benchmark's `--cpu-prof`, ...). */
  nodeArgs?: readonly string[];
}): Promise<IngestWorkerProcess> {
  const env = childProcessEnv({
    DATABASE_URL: options.database.url,
    REDIS_URL: options.redis.url,
    REDIS_KEY_PREFIX: options.redis.prefix,
    WORKER_HEALTH_PORT: "0",
    WORKER_CONCURRENCY: "4",
    LOG_LEVEL: "info",
    ...options.env,
  });
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), "--import", "tsx", path.join(WORKER_DIR, "src", "main.ts")],
    { cwd: WORKER_DIR, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stderr?.on("data", append);
  let healthUrl: string;
  try {
    healthUrl = await waitForLogLine(
      child,
      append,
      60_000,
      () => output,
      "ingest worker",
      (entry) =>
        entry.msg === "processing batches" && typeof entry.healthUrl === "string"
          ? entry.healthUrl
          : undefined,
    );
  } catch (error) {
    await terminate(child);
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    healthUrl,
    output: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: () => (stopping ??= terminate(child)),
  };
}
