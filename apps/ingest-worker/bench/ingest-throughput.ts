// `pnpm bench:ingest`: events persisted per second end to end (HTTP in, rows visible in Postgres) for 100k
// message events, next to COPYing rows of the same width into a table with the same keys in the same database,
// measured in the same run; the worker's own rate (the same load queued first, then drained), to show where the
// end-to-end time goes; then the time from a 202 to the row being visible at a steady 1,000 events/s; then the
// same load with Postgres unreachable for 30 s mid-run (a TCP proxy in front of it, paused): rows/s during the
// outage and the catch-up rate once it resumes.
// The ingest API and the worker run as child processes (as in production); this process sends and watches.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  createTestDatabase,
  createTestRedis,
  startIngestApiProcess,
  startIngestWorkerProcess,
  TcpProxy,
} from "@catsyphon/testing";
import { Client } from "pg";
import { from as copyFrom } from "pg-copy-streams";

const TOTAL_EVENTS = Number(process.argv[2] ?? 100_000);
const EVENTS_PER_BATCH = 100;
const SESSIONS = 20;
const STEADY_RATE = 1000; // events/s
const STEADY_SECONDS = Number(process.argv[3] ?? 20);
const OUTAGE_SECONDS = Number(process.argv[4] ?? 30);
// The worker's retry backoff during the outage phase: retries at most this far apart, so the catch-up starts
// within this long of Postgres returning (the default, 60 s, would measure the backoff rather than the worker).
const OUTAGE_RETRY_MAX_MS = 2_000;

const content = "Refactor the session parser so that it streams instead of slurping the file. ".repeat(6);

function event(sequence: number, at: string) {
  return {
    sequence,
    type: "message",
    emitted_at: at,
    observed_at: at,
    data:
      sequence % 2
        ? { author_role: "human", message_type: "prompt", content }
        : {
            author_role: "assistant",
            message_type: "response",
            content,
            model: "claude-sonnet-4-5",
            token_usage: {
              input_tokens: 1200,
              output_tokens: 300,
              cache_read_tokens: 9000,
              cache_creation_tokens: 0,
            },
          },
  };
}

async function count(db: Client, sql: string): Promise<number> {
  return Number((await db.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
}

async function copyBaseline(db: Client): Promise<number> {
  await db.query(
    `CREATE TABLE copy_bench (LIKE messages INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`,
  );
  const conversation = "00000000-0000-4000-8000-000000000001";
  const workspace = "00000000-0000-4000-8000-000000000002";
  const escape = (text: string) => text.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n");
  function* rows() {
    const at = new Date().toISOString();
    for (let sequence = 1; sequence <= TOTAL_EVENTS; sequence += 1) {
      const e = event(sequence, at);
      const { author_role, message_type, content: text, ...extra } = e.data;
      yield (
        [
          workspace,
          conversation,
          String(sequence),
          author_role,
          message_type,
          escape(text),
          "[]",
          escape(JSON.stringify(extra)),
          at,
          at,
          at,
        ].join("\t") + "\n"
      );
    }
  }
  const started = Date.now();
  await pipeline(
    Readable.from(rows()),
    db.query(
      copyFrom(`COPY copy_bench (workspace_id, conversation_id, sequence, author_role, message_type, content,
      tool_calls, extra_data, emitted_at, observed_at, server_received_at) FROM STDIN`),
    ),
  );
  const rate = TOTAL_EVENTS / ((Date.now() - started) / 1000);
  await db.query(`DROP TABLE copy_bench`);
  return rate;
}

async function main(): Promise<void> {
  const database = await createTestDatabase("bench-ingest");
  const redis = createTestRedis("bench-ingest");
  const api = await startIngestApiProcess({
    label: "bench-ingest",
    database,
    redis,
    env: { LOG_LEVEL: "info", RATE_LIMIT_EVENTS_PER_MIN: "0", RATE_LIMIT_REQUESTS_PER_MIN: "0" },
  });
  // Each phase's clock starts once the worker says it is processing: its start-up (loading and compiling the
  // TypeScript, connecting) is not part of the rate. BENCH_NODE_ARGS (e.g. --cpu-prof) profiles it.
  const startWorker = (databaseUrl = database.url, env: Record<string, string> = {}) =>
    startIngestWorkerProcess({
      database: { ...database, url: databaseUrl },
      redis,
      env: { WORKER_CONCURRENCY: "4", ...env },
      nodeArgs: (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean),
    });
  const proxy = await TcpProxy.forUrl(database.url);
  let worker = await startWorker();
  const db = new Client({ connectionString: database.url });
  await db.connect();
  try {
    const registration = await fetch(`${api.url}/collectors`, {
      method: "POST",
      headers: { authorization: `Bearer ${api.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ collector_type: "bench", collector_version: "1", hostname: "bench" }),
    });
    const credentials = (await registration.json()) as { api_key: string; collector_id: string };
    const headers = {
      authorization: `Bearer ${credentials.api_key}`,
      "x-collector-id": credentials.collector_id,
      "content-type": "application/json",
    };
    const post = async (sessionId: string, first: number, size: number) => {
      const at = new Date().toISOString();
      const events = Array.from({ length: size }, (_, i) => event(first + i, at));
      const res = await fetch(`${api.url}/collectors/events`, {
        method: "POST",
        headers,
        body: JSON.stringify({ session_id: sessionId, events }),
      });
      if (res.status !== 202) throw new Error(`${res.status} ${await res.text()}`);
      return Date.now();
    };

    // 1. Throughput: every event in, until every row is visible. One lane per session: a session's batches go
    // in order, sessions in parallel.
    const batchesPerSession = Math.ceil(TOTAL_EVENTS / SESSIONS / EVENTS_PER_BATCH);
    const expected = batchesPerSession * EVENTS_PER_BATCH * SESSIONS;
    const sendAll = (label: string) =>
      Promise.all(
        Array.from({ length: SESSIONS }, async (_, session) => {
          for (let b = 0; b < batchesPerSession; b += 1)
            await post(`${label}-${session}`, b * EVENTS_PER_BATCH + 1, EVENTS_PER_BATCH);
        }),
      );
    // Polled on the conversations' message counters, which commit in the same transaction as the rows they
    // count: a count(*) of the growing messages table every 100 ms took a large share of Postgres's CPU away
    // from the writes being measured. The rows themselves are counted once at the end.
    const untilVisible = async (rows: number) => {
      while ((await count(db, "SELECT coalesce(sum(message_count), 0) AS n FROM conversations")) < rows) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const written = await count(db, "SELECT count(*) AS n FROM messages");
      if (written < rows) throw new Error(`the counters say ${rows} rows, but messages holds ${written}`);
    };
    const started = Date.now();
    await sendAll("bulk");
    const accepted = Date.now();
    await untilVisible(expected);
    const persisted = Date.now();
    const endToEnd = expected / ((persisted - started) / 1000);
    const copyRate = await copyBaseline(db);

    // 1b. The worker alone (where the end-to-end time goes): the same load queued while no worker runs, then
    // one worker drains it.
    await worker.stop();
    await sendAll("drain");
    worker = await startWorker();
    const drainStarted = Date.now();
    // It may have written a little before it said so: only what is left counts.
    const visibleAtStart = await count(db, "SELECT coalesce(sum(message_count), 0) AS n FROM conversations");
    await untilVisible(2 * expected);
    const drainRate = (2 * expected - visibleAtStart) / ((Date.now() - drainStarted) / 1000);

    // 2. Latency at a steady 1,000 events/s: batches of 10 every 10 ms; poll for visibility every 10 ms.
    const sent: { sequence: number; acceptedAt: number }[] = [];
    const visibleAt = new Map<number, number>();
    let stop = false;
    const poller = (async () => {
      while (!stop || visibleAt.size < sent.length) {
        const last = await count(
          db,
          "SELECT coalesce(max(sequence), 0) AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.collector_session_id = 'steady'",
        );
        const now = Date.now();
        for (const batch of sent)
          if (batch.sequence <= last && !visibleAt.has(batch.sequence)) visibleAt.set(batch.sequence, now);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const batchSize = 10;
    const interval = (batchSize / STEADY_RATE) * 1000;
    const steadyStart = Date.now();
    for (let i = 0; i < (STEADY_RATE * STEADY_SECONDS) / batchSize; i += 1) {
      const due = steadyStart + i * interval;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      const first = i * batchSize + 1;
      const acceptedAt = await post("steady", first, batchSize);
      sent.push({ sequence: first + batchSize - 1, acceptedAt });
    }
    stop = true;
    await poller;
    const latencies = sent
      .map((b) => (visibleAt.get(b.sequence) ?? Number.NaN) - b.acceptedAt)
      .sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? Number.NaN;

    // 3. A Postgres outage mid-run: the worker writes through the proxy; once a quarter of the load is visible
    // the proxy holds every byte for OUTAGE_SECONDS while the senders go on (the API answers 202 from Redis).
    await worker.stop();
    worker = await startWorker(proxy.url(database.url), { WORKER_RETRY_MAX_MS: String(OUTAGE_RETRY_MAX_MS) });
    const visible = () => count(db, "SELECT coalesce(sum(message_count), 0) AS n FROM conversations");
    const outageBase = await visible();
    const sending = sendAll("outage");
    while ((await visible()) < outageBase + expected / 4)
      await new Promise((resolve) => setTimeout(resolve, 50));
    proxy.pause();
    const pausedAt = Date.now();
    const atPause = await visible();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_SECONDS * 1000));
    const duringOutage = ((await visible()) - atPause) / OUTAGE_SECONDS;
    const beforeResume = await visible();
    await proxy.resume();
    const resumedAt = Date.now();
    await sending;
    await untilVisible(outageBase + expected);
    const caughtUpAt = Date.now();
    const catchUp = (outageBase + expected - beforeResume) / ((caughtUpAt - resumedAt) / 1000);
    const outageTotal = (caughtUpAt - pausedAt) / 1000;

    console.log(
      `${expected} message events, ${SESSIONS} sessions, batches of ${EVENTS_PER_BATCH}, one sender per session`,
    );
    console.log(
      `end to end:   ${Math.round(endToEnd)} events/s (all accepted after ${((accepted - started) / 1000).toFixed(1)} s, all visible after ${((persisted - started) / 1000).toFixed(1)} s)`,
    );
    console.log(`COPY:         ${Math.round(copyRate)} rows/s (same width, same keys, same database)`);
    console.log(
      `worker alone: ${Math.round(drainRate)} events/s (the same load queued first, then drained by one worker)`,
    );
    console.log(`ratio:        ${((endToEnd / copyRate) * 100).toFixed(1)}% (goal >= 50%)`);
    console.log(
      `202 -> visible at ${STEADY_RATE} events/s: p50 ${pct(50)} ms, p99 ${pct(99)} ms (goal p99 < 1000 ms)`,
    );
    console.log(
      `outage:       ${Math.round(duringOutage)} rows/s while Postgres was unreachable for ${OUTAGE_SECONDS} s; ` +
        `catch-up ${Math.round(catchUp)} events/s after it returned (retries at most ${OUTAGE_RETRY_MAX_MS} ms apart); ` +
        `all ${expected} visible ${outageTotal.toFixed(1)} s after the outage began`,
    );
    console.log(
      JSON.stringify({
        bench: "ingest",
        endToEnd,
        copyRate,
        ratio: endToEnd / copyRate,
        drainRate,
        p50: pct(50),
        p99: pct(99),
        outageRowsPerSecond: duringOutage,
        catchUpRate: catchUp,
      }),
    );
  } finally {
    await db.end();
    await worker.stop();
    await proxy.close();
    await api.stop();
    await redis.cleanup();
    await database.drop();
  }
}

void main();
