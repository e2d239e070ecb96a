import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createTestDatabase, createTestRedis, type TestDatabase } from "@catsyphon/testing";

describe("pnpm --filter @catsyphon/ingest-worker start", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("worker-main");
  });
  afterAll(() => database.drop());

  it("serves /health and /ready, and exits 0 after finishing its batches on SIGTERM", async () => {
    const redis = createTestRedis("worker-main");
    const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "../src/main.ts")], {
      cwd: path.join(__dirname, ".."),
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: redis.prefix,
        WORKER_HEALTH_PORT: "0",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const healthUrl = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /"healthUrl":"([^"]+)"/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.once("exit", () => reject(new Error(`exited early:\n${output}`)));
    });
    expect((await fetch(`${healthUrl}/health`)).status).toBe(200);
    const ready = await fetch(`${healthUrl}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { redis: "ok", postgres: "ok" } });

    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output).toContain("stopped");
    await redis.cleanup();
  });
});
