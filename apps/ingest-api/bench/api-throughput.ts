// `pnpm bench:api`: events accepted per second by the real ingest API (auth, validation, rate limiting,
// sequencing and one durable BullMQ job per batch, against real Redis and Postgres), next to a bare Express app
// that only parses the same bodies, measured in the same run; and, as the floor, that app adding one BullMQ job per
// batch. Batches of 100 events of about 1 KB, 32 concurrent sessions. Each server runs in its own process; this
// process is the load generator.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createTestDatabase, createTestRedis } from "@catsyphon/testing";
import { Pool } from "undici";

const CONCURRENCY = 32;
const EVENTS_PER_BATCH = 100;
const DURATION_MS = Number(process.argv[2] ?? 15_000);
const WARMUP_MS = 2_000;

function startServer(
  script: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  // BENCH_NODE_ARGS (e.g. --cpu-prof) lets a profile of the servers be taken in the same setting.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", path.join(__dirname, script)], {
    cwd: path.join(__dirname, ".."),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"([^"]+)"/.exec(output);
      if (match?.[1] && output.includes('"msg":"listening"')) {
        // From here on the access log is only drained, not kept.
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        resolve({ child, url: match[1] });
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}: ${output}`)));
    setTimeout(() => reject(new Error(`${script} did not report listening within 30 s`)), 30_000).unref();
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

const filler = "The quick brown fox refactors the lazy dog's build script. ".repeat(13).slice(0, 760);

function batchBody(sessionId: string, first: number): string {
  const now = new Date().toISOString();
  const events = [];
  for (let i = 0; i < EVENTS_PER_BATCH; i += 1) {
    events.push({
      sequence: first + i,
      type: "message",
      emitted_at: now,
      observed_at: now,
      data: {
        author_role: i % 2 ? "assistant" : "human",
        message_type: i % 2 ? "response" : "prompt",
        content: filler,
        model: "claude-sonnet-4-5",
        token_usage: {
          input_tokens: 1200,
          output_tokens: 340,
          cache_read_tokens: 9000,
          cache_creation_tokens: 0,
        },
      },
    });
  }
  return JSON.stringify({ session_id: sessionId, events });
}

async function measure(url: string, headers: Record<string, string>, label: string): Promise<number> {
  const pool = new Pool(url, { connections: CONCURRENCY, pipelining: 1 });
  let accepted = 0;
  let counting = false;
  let errors = 0;
  const deadline = Date.now() + WARMUP_MS + DURATION_MS;
  setTimeout(() => (counting = true), WARMUP_MS);
  const startedCounting = Date.now() + WARMUP_MS;

  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      const sessionId = `bench-${label}-${worker}-${Date.now()}`;
      let next = 1;
      while (Date.now() < deadline) {
        const body = batchBody(sessionId, next);
        const res = await pool.request({
          path: "/collectors/events",
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body,
        });
        const text = await res.body.text();
        if (res.statusCode !== 202) {
          errors += 1;
          if (errors < 5) console.error(`${label}: ${res.statusCode} ${text.slice(0, 200)}`);
          continue;
        }
        next += EVENTS_PER_BATCH;
        if (counting) accepted += (JSON.parse(text) as { accepted: number }).accepted;
      }
    }),
  );
  await pool.close();
  const seconds = (Date.now() - startedCounting) / 1000;
  if (errors) console.error(`${label}: ${errors} non-202 answers`);
  return accepted / seconds;
}

async function main(): Promise<void> {
  const database = await createTestDatabase("bench-api");
  const redis = createTestRedis("bench-api");
  const adminToken = "b".repeat(40);
  try {
    const api = await startServer("../src/main.ts", {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: redis.prefix,
      INGEST_API_PORT: "0",
      CATSYPHON_ADMIN_TOKEN: adminToken,
      // The production default: one access-log line per request is part of the cost.
      LOG_LEVEL: "info",
      // Limits stay on (their Redis round trip is part of the cost), high enough not to bind.
      RATE_LIMIT_EVENTS_PER_MIN: "1000000000",
      RATE_LIMIT_REQUESTS_PER_MIN: "1000000000",
    });
    const registration = await fetch(`${api.url}/collectors`, {
      method: "POST",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ collector_type: "bench", collector_version: "1", hostname: "bench" }),
    });
    const credentials = (await registration.json()) as { api_key: string; collector_id: string };
    const apiRate = await measure(
      api.url,
      { authorization: `Bearer ${credentials.api_key}`, "x-collector-id": credentials.collector_id },
      "ingest-api",
    );
    await stop(api.child);

    const bare = await startServer("bare-express.ts", {});
    const bareRate = await measure(bare.url, {}, "bare-express");
    await stop(bare.child);

    // Last, so the API and the baseline run as they did before the floor was added.
    const floor = await startServer("express-bullmq-floor.ts", {
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: `${redis.prefix}floor:`,
    });
    const floorRate = await measure(floor.url, {}, "express-bullmq-floor");
    await stop(floor.child);

    const ratio = apiRate / bareRate;
    console.log(
      `batches of ${EVENTS_PER_BATCH} events (~1 KB each), concurrency ${CONCURRENCY}, ${DURATION_MS / 1000} s each`,
    );
    console.log(`ingest-api:   ${Math.round(apiRate)} events/s accepted`);
    console.log(`bare express: ${Math.round(bareRate)} events/s parsed`);
    console.log(
      `floor:        ${Math.round(floorRate)} events/s = ${((floorRate / bareRate) * 100).toFixed(1)}% ` +
        "(bare express + one BullMQ job per batch, nothing else: the most any ingest API can do here)",
    );
    console.log(`ratio:        ${(ratio * 100).toFixed(1)}% (goal >= 60%)`);
    console.log(
      JSON.stringify({
        bench: "api",
        apiEventsPerSecond: apiRate,
        bareEventsPerSecond: bareRate,
        floorEventsPerSecond: floorRate,
        ratio,
      }),
    );
  } finally {
    await redis.cleanup();
    await database.drop();
  }
}

void main();
