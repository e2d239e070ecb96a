import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createTestDatabase, createTestRedis, type TestDatabase } from "@catsyphon/testing";
import { request, startTestApi, type TestApi } from "./harness";

describe("service surface", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi("service");
  });
  afterAll(() => api.close());

  it("serves /health and /ready, and /ready fails once shutdown begins", async () => {
    expect(await request(`${api.url}/health`)).toMatchObject({ status: 200, body: { status: "ok" } });
    expect(await request(`${api.url}/ready`)).toMatchObject({
      status: 200,
      body: { status: "ready", checks: { redis: "ok", postgres: "ok" } },
    });
    api.api.context.lifecycle.shuttingDown = true;
    try {
      expect((await request(`${api.url}/ready`)).status).toBe(503);
    } finally {
      api.api.context.lifecycle.shuttingDown = false;
    }
  });

  it("echoes a sane X-Request-Id and replaces an unsafe one", async () => {
    const echoed = await fetch(`${api.url}/health`, { headers: { "x-request-id": "trace-123" } });
    expect(echoed.headers.get("x-request-id")).toBe("trace-123");
    const replaced = await fetch(`${api.url}/health`, { headers: { "x-request-id": "<script>" } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("404s unknown routes in the error shape", async () => {
    const res = await request(`${api.url}/nope`);
    expect(res).toMatchObject({ status: 404, body: { error: "not_found" } });
  });

  it("publishes an OpenAPI 3.1 document whose references all resolve, and a readable docs page", async () => {
    const res = await request<{
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    }>(`${api.url}/openapi.json`);
    expect(res.body.openapi).toBe("3.1.0");
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        "/collectors",
        "/collectors/events",
        "/collectors/sessions/{session_id}",
        "/collectors/sessions/{session_id}/complete",
        "/collectors/builtin/credentials",
      ]),
    );
    const refs = [...JSON.stringify(res.body).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(refs.length).toBeGreaterThan(10);
    for (const name of refs) expect(res.body.components.schemas).toHaveProperty(name as string);

    const page = await fetch(`${api.url}/docs`);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain("POST /collectors/events");
    expect(html).toContain('id="schema-EventBatch"');
  });
});

describe("pnpm --filter @catsyphon/ingest-api start", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("main");
  });
  afterAll(() => database.drop());

  it("boots from the environment, logs its URL, and exits 0 after draining on SIGTERM", async () => {
    const redis = createTestRedis("main");
    const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "../src/main.ts")], {
      cwd: path.join(__dirname, ".."),
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: redis.prefix,
        INGEST_API_PORT: "0",
        CATSYPHON_ADMIN_TOKEN: "a".repeat(32),
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /"msg":"listening".*?"url":"([^"]+)"|"url":"([^"]+)".*?"msg":"listening"/.exec(output);
        if (match) resolve((match[1] ?? match[2]) as string);
      });
      child.once("exit", () => reject(new Error(`exited early:\n${output}`)));
    });
    expect((await request(`${url}/health`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output).toContain("stopped");
    expect(output).not.toContain("a".repeat(32));
    await redis.cleanup();
  });

  it("refuses to start with an invalid environment and says which variable is wrong", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "../src/main.ts")], {
      cwd: path.join(__dirname, ".."),
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        INGEST_API_PORT: "eighty",
        RATE_LIMIT_EVENTS_PER_MIN: "-1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/INGEST_API_PORT/);
    expect(stderr).toMatch(/RATE_LIMIT_EVENTS_PER_MIN/);
  });
});

describe("browser collectors (CORS)", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi("cors");
  });
  afterAll(() => api.close());

  it("answers preflights and exposes Retry-After to any origin, without cookies", async () => {
    const preflight = await fetch(`${api.url}/collectors/events`, {
      method: "OPTIONS",
      headers: { origin: "https://tool.example", "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/X-Collector-ID/);
    expect(preflight.headers.get("access-control-allow-credentials")).toBeNull();
    const get = await fetch(`${api.url}/health`, { headers: { origin: "https://tool.example" } });
    expect(get.headers.get("access-control-expose-headers")).toMatch(/Retry-After/);
  });
});
