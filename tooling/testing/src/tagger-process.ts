// Starts the real tagger as a child process (`node --import tsx apps/tagger/src/main.ts`) on a test's database and
// Redis prefix, for tests of the whole stack (apps never import apps). Rule tags only unless the env names an LLM.
import { spawn } from "node:child_process";
import path from "node:path";

import { childProcessEnv } from "./env";
import { terminate, waitForLogLine } from "./ingest-api-process";
import { repoRoot } from "./repo";
import { type TestDatabase } from "./test-database";
import { type TestRedis } from "./test-redis";

const TAGGER_DIR = path.join(repoRoot(), "apps", "tagger");

export interface TaggerProcess {
  /** The health server's base URL (`/health`, `/ready`, `/metrics`). */
  healthUrl: string;
  output(): string;
  /** SIGTERM (the tagger finishes its current jobs), then SIGKILL after 10 s. Idempotent. */
  stop(): Promise<void>;
}

export async function startTaggerProcess(options: {
  database: TestDatabase;
  redis: TestRedis;
  env?: Record<string, string>;
}): Promise<TaggerProcess> {
  const env = childProcessEnv({
    DATABASE_URL: options.database.url,
    REDIS_URL: options.redis.url,
    REDIS_KEY_PREFIX: options.redis.prefix,
    TAGGER_HEALTH_PORT: "0",
    LOG_LEVEL: "info",
    // Rule tags only: a developer's OpenAI settings must not reach a test.
    OPENAI_BASE_URL: "",
    OPENAI_API_KEY: "",
    ...options.env,
  });
  const child = spawn(process.execPath, ["--import", "tsx", path.join(TAGGER_DIR, "src", "main.ts")], {
    cwd: TAGGER_DIR,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
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
      "tagger",
      (entry) =>
        entry.msg === "tagging conversations" && typeof entry.healthUrl === "string"
          ? entry.healthUrl
          : undefined,
    );
  } catch (error) {
    await terminate(child);
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return { healthUrl, output: () => output, stop: () => (stopping ??= terminate(child)) };
}
