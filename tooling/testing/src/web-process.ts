// Starts the real web app as a child process (`node --import tsx apps/web/src/cli/start.ts`, what
// `pnpm --filter @catsyphon/web start` runs) on a free port, against this test file's own database and Redis
// prefix, and finds its URL in the "listening" log line. It serves the production build in apps/web/.next, which
// the web app's Jest global setup makes (or reuses) once per run.
import { spawn } from "node:child_process";
import path from "node:path";

import { childProcessEnv } from "./env";
import { terminate, waitForLogLine } from "./ingest-api-process";
import { repoRoot } from "./repo";
import { createTestDatabase, type TestDatabase } from "./test-database";
import { createTestRedis, type TestRedis } from "./test-redis";

const WEB_DIR = path.join(repoRoot(), "apps", "web");
const MAIN = path.join(WEB_DIR, "src", "cli", "start.ts");

export interface WebProcess {
  url: string;
  database: TestDatabase;
  redis: TestRedis;
  output(): string;
  /** SIGTERM (SIGKILL after 10 s); drops the database and the Redis keys it owns. Idempotent. */
  stop(): Promise<void>;
}

export interface StartWebOptions {
  label?: string;
  database?: TestDatabase;
  redis?: TestRedis;
  /** Laid over the defaults, e.g. SIGN_IN_LIMIT_PER_ACCOUNT or CATSYPHON_INIT_ADMIN_EMAIL. */
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

export async function startWebProcess(options: StartWebOptions = {}): Promise<WebProcess> {
  const label = options.label ?? "web";
  const ownsDatabase = !options.database;
  const ownsRedis = !options.redis;
  const database = options.database ?? (await createTestDatabase(label));
  const redis = options.redis ?? createTestRedis(label);
  const env = childProcessEnv({
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: redis.prefix,
    WEB_PORT: "0",
    LOG_LEVEL: "info",
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    ...options.env,
  });
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    cwd: WEB_DIR,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stderr?.on("data", append);
  const cleanup = async () => {
    await terminate(child);
    if (ownsRedis) await redis.cleanup().catch(() => undefined);
    if (ownsDatabase) await database.drop();
  };
  try {
    const url = await waitForLogLine(
      child,
      append,
      options.startTimeoutMs ?? 60_000,
      () => output,
      "web app",
      (entry) => (entry.msg === "listening" && typeof entry.url === "string" ? entry.url : undefined),
    );
    let stopping: Promise<void> | undefined;
    return {
      url,
      database,
      redis,
      output: () => output,
      stop: () => {
        stopping ??= cleanup();
        return stopping;
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
