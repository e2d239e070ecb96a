// `pnpm bench:api`: events accepted per second by the real ingest API (auth, validation, rate limiting,
// sequencing and one durable BullMQ job per batch, against real Redis and Postgres), for sequenced and for
// unsequenced batches (the server numbers those from event identities), next to a bare Express app
// that only parses the same bodies, measured in the same run; and, as the floor, that app adding one BullMQ job per
// batch. Batches of 100 events of about 1 KB, 32 concurrent sessions. Each server runs in its own process; this
// process is the load generator. They are measured in turn, round after round, and each round's ratios are
// taken within the round: this machine's speed drifts by tens of percent over a minute, and a ratio of two numbers
// measured a minute apart would mostly measure that drift.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createTestDatabase, createTestRedis } from "@catsyphon/testing";
import { Pool } from "undici";

const CONCURRENCY = 32;
const EVENTS_PER_BATCH = 100;
/** Time each server is measured, in all (split over the rounds). */
const DURATION_MS = Number(process.argv[2] ?? 15_000);
const ROUNDS = 3;
/** Before the first round of a server (JIT, connections); later rounds start warm. */
const FIRST_WARMUP_MS = 2_000;
const WARMUP_MS = 500;

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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

const filler = "The quick brown fox refactors the lazy dog's build script. ".repeat(13).slice(0, 760);

/**
 * One batch of a session's events `first`.. (each with its own emitted_at, so no two events of a session are the
 * same event); unsequenced, as the original's watcher and aiobscura send them, the server numbers them.
 */
function batchBody(sessionId: string, first: number, sequenced: boolean): string {
  const now = new Date().toISOString();
  const base = Date.UTC(2026, 0, 1);
  const events = [];
  for (let i = 0; i < EVENTS_PER_BATCH; i += 1) {
    events.push({
      ...(sequenced ? { sequence: first + i } : {}),
      type: "message",
      emitted_at: new Date(base + first + i).toISOString(),
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

interface Target {
  label: string;
  url: string;
  headers: Record<string, string>;
  /** Batches with sequence numbers (the default) or without (the server numbers them by event identity). */
  sequenced?: boolean;
}

async function measure(
  { url, headers, label, sequenced = true }: Target,
  warmupMs: number,
  durationMs: number,
): Promise<number> {
  const pool = new Pool(url, { connections: CONCURRENCY, pipelining: 1 });
  let accepted = 0;
  let counting = false;
  let errors = 0;
  const deadline = Date.now() + warmupMs + durationMs;
  setTimeout(() => (counting = true), warmupMs);
  const startedCounting = Date.now() + warmupMs;

  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      const sessionId = `bench-${label}-${worker}-${Date.now()}`;
      let next = 1;
      while (Date.now() < deadline) {
        const body = batchBody(sessionId, next, sequenced);
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
  const servers: ChildProcess[] = [];
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
    servers.push(api.child);
    const registration = await fetch(`${api.url}/collectors`, {
      method: "POST",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ collector_type: "bench", collector_version: "1", hostname: "bench" }),
    });
    const credentials = (await registration.json()) as { api_key: string; collector_id: string };
    const bare = await startServer("bare-express.ts", {});
    servers.push(bare.child);
    const floor = await startServer("express-bullmq-floor.ts", {
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: `${redis.prefix}floor:`,
    });
    servers.push(floor.child);
    const targets: Target[] = [
      {
        label: "ingest-api",
        url: api.url,
        headers: {
          authorization: `Bearer ${credentials.api_key}`,
          "x-collector-id": credentials.collector_id,
        },
      },
      {
        label: "ingest-api-unsequenced",
        url: api.url,
        headers: {
          authorization: `Bearer ${credentials.api_key}`,
          "x-collector-id": credentials.collector_id,
        },
        sequenced: false,
      },
      { label: "bare-express", url: bare.url, headers: {} },
      { label: "express-bullmq-floor", url: floor.url, headers: {} },
    ];

    const rounds: Array<{ api: number; unsequenced: number; bare: number; floor: number }> = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const rates: number[] = [];
      // An idle server costs nothing: only the one being measured gets requests.
      for (const target of targets) {
        rates.push(await measure(target, round === 0 ? FIRST_WARMUP_MS : WARMUP_MS, DURATION_MS / ROUNDS));
      }
      const [apiRate = 0, unsequencedRate = 0, bareRate = 0, floorRate = 0] = rates;
      rounds.push({ api: apiRate, unsequenced: unsequencedRate, bare: bareRate, floor: floorRate });
    }

    const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
    console.log(
      `batches of ${EVENTS_PER_BATCH} events (~1 KB each), concurrency ${CONCURRENCY}, ` +
        `${ROUNDS} rounds of ${DURATION_MS / ROUNDS / 1000} s per server`,
    );
    console.log(
      "round   ingest-api   unsequenced   bare express   floor    api/bare   floor/bare   unsequenced/api",
    );
    rounds.forEach((r, index) => {
      console.log(
        `${String(index + 1).padStart(5)} ${Math.round(r.api).toString().padStart(12)} ` +
          `${Math.round(r.unsequenced).toString().padStart(13)} ` +
          `${Math.round(r.bare).toString().padStart(14)} ${Math.round(r.floor).toString().padStart(7)} ` +
          `${percent(r.api / r.bare).padStart(10)} ${percent(r.floor / r.bare).padStart(12)} ` +
          `${percent(r.unsequenced / r.api).padStart(17)}`,
      );
    });
    const unsequencedRatio = median(rounds.map((r) => r.unsequenced / r.api));
    const ratio = median(rounds.map((r) => r.api / r.bare));
    const floorRatio = median(rounds.map((r) => r.floor / r.bare));
    console.log(
      `floor:  median ${percent(floorRatio)} of bare express ` +
        "(bare express + one BullMQ job per batch, nothing else: the most any ingest API can do here)",
    );
    console.log(`ratio:  median ${percent(ratio)} (goal >= 60%)`);
    console.log(
      `unsequenced: median ${percent(unsequencedRatio)} of the sequenced rate (goal >= 90%; batches without ` +
        "sequence numbers, numbered by the server from event identities)",
    );
    console.log(
      JSON.stringify({
        bench: "api",
        apiEventsPerSecond: median(rounds.map((r) => r.api)),
        bareEventsPerSecond: median(rounds.map((r) => r.bare)),
        floorEventsPerSecond: median(rounds.map((r) => r.floor)),
        unsequencedEventsPerSecond: median(rounds.map((r) => r.unsequenced)),
        ratio,
        unsequencedRatio,
        floorRatio,
        rounds,
      }),
    );
  } finally {
    await Promise.all(servers.map((child) => stop(child)));
    await redis.cleanup();
    await database.drop();
  }
}

void main();
