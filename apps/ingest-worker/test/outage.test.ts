// Issue 11, "Done when": Postgres unreachable for five minutes (a TCP proxy in front of it, cut) while 20k events
// are ingested through the real API. Every batch got a 202, so every event must be stored once Postgres is back,
// exactly once, and no job may be parked: transient errors are retried with a capped backoff and no last
// attempt (decision 0022). The backoff is shortened by config, the outage is not: before the fix, the batches
// used their eight attempts in about two minutes and stayed failed for ever.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createRedisConnection, openQueue, QUEUE_NAMES } from "@catsyphon/queue";
import {
  createTestDatabase,
  createTestRedis,
  eventually,
  type IngestApiProcess,
  type IngestWorkerProcess,
  startIngestApiProcess,
  startIngestWorkerProcess,
  TcpProxy,
  type TestDatabase,
  type TestRedis,
} from "@catsyphon/testing";
import { Client } from "pg";
import { messageEvent, range, registerSender, type Sender } from "./http-ingest";

// The outage; CATSYPHON_TEST_OUTAGE_MS shortens it for a quick local run, never in CI.
const OUTAGE_MS = Number(process.env.CATSYPHON_TEST_OUTAGE_MS ?? 5 * 60_000);
const SESSIONS = 20;
const BATCHES_PER_SESSION = 10;
const EVENTS_PER_BATCH = 100;
const TOTAL = SESSIONS * BATCHES_PER_SESSION * EVENTS_PER_BATCH;
const BEFORE_CUT = 2; // batches per session sent (and written) before Postgres goes away

describe("a five-minute Postgres outage while 20k events are ingested", () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let proxy: TcpProxy;
  let api: IngestApiProcess;
  let worker: IngestWorkerProcess;
  let sender: Sender;
  let db: Client;

  beforeAll(async () => {
    database = await createTestDatabase("worker-outage");
    redis = createTestRedis("worker-outage");
    proxy = await TcpProxy.forUrl(database.url);
    api = await startIngestApiProcess({
      database,
      redis,
      env: { RATE_LIMIT_EVENTS_PER_MIN: "0", RATE_LIMIT_REQUESTS_PER_MIN: "0" },
    });
    // Only the worker goes through the proxy: the API keeps its database (it answers 202 from Redis anyway).
    worker = await startIngestWorkerProcess({
      database: { ...database, url: proxy.url(database.url) },
      redis,
      env: { WORKER_RETRY_BASE_MS: "200", WORKER_RETRY_MAX_MS: "3000" },
    });
    sender = await registerSender(api);
    db = new Client({ connectionString: database.url });
    await db.connect();
  }, 180_000);
  afterAll(async () => {
    await db?.end();
    await worker?.stop();
    await api?.stop();
    await proxy?.close();
    await redis?.cleanup();
    await database?.drop();
  });

  const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0]?.n ?? -1);

  const sendBatches = (from: number, to: number) =>
    Promise.all(
      range(0, SESSIONS).map(async (session) => {
        for (let b = from; b < to; b += 1) {
          await sender.send(
            `outage-${session}`,
            range(b * EVENTS_PER_BATCH + 1, EVENTS_PER_BATCH).map((s) => messageEvent(s)),
          );
        }
      }),
    );

  it(
    "stores every accepted event exactly once after Postgres returns, and parks nothing",
    async () => {
      await sendBatches(0, BEFORE_CUT);
      await eventually(
        async () =>
          (await count("SELECT count(*) AS n FROM messages")) === SESSIONS * BEFORE_CUT * EVENTS_PER_BATCH,
        { timeoutMs: 60_000 },
      );

      await proxy.cut();
      const cutAt = Date.now();
      await sendBatches(BEFORE_CUT, BATCHES_PER_SESSION);
      // Nothing can be written meanwhile, and the worker keeps retrying (and stays up).
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, cutAt + OUTAGE_MS - Date.now())));
      expect(worker.alive()).toBe(true);
      expect(await count("SELECT count(*) AS n FROM messages")).toBe(
        SESSIONS * BEFORE_CUT * EVENTS_PER_BATCH,
      );
      await proxy.resume();

      await eventually(async () => (await count("SELECT count(*) AS n FROM messages")) >= TOTAL, {
        timeoutMs: 120_000,
        intervalMs: 500,
      });
      expect(await count("SELECT count(*) AS n FROM messages")).toBe(TOTAL);
      expect(await count("SELECT count(DISTINCT (conversation_id, sequence)) AS n FROM messages")).toBe(
        TOTAL,
      );
      const conversations = await db.query<{ message_count: number; last_event_sequence: number }>(
        "SELECT message_count, last_event_sequence FROM conversations",
      );
      expect(conversations.rows).toHaveLength(SESSIONS);
      for (const row of conversations.rows) {
        expect(row).toEqual({ message_count: TOTAL / SESSIONS, last_event_sequence: TOTAL / SESSIONS });
      }
      expect(await count("SELECT count(*) AS n FROM ingestion_jobs WHERE status <> 'succeeded'")).toBe(0);
      expect(await count("SELECT count(*) AS n FROM ingestion_jobs")).toBe(SESSIONS * BATCHES_PER_SESSION);

      const connection = createRedisConnection(redis.url, "worker");
      const queue = openQueue(QUEUE_NAMES.ingest, connection, redis.prefix);
      try {
        expect(await queue.getFailedCount()).toBe(0);
      } finally {
        await queue.close();
        connection.disconnect();
      }
      const metrics = await (await fetch(`${worker.healthUrl}/metrics`)).text();
      expect(metrics).toMatch(/^catsyphon_worker_batches_retried_total [1-9]\d*$/m);
      expect(metrics).toMatch(/^catsyphon_worker_batches_parked_total 0$/m);
      expect(metrics).toMatch(/^catsyphon_worker_parked_jobs 0$/m);
      expect(worker.alive()).toBe(true);
    },
    OUTAGE_MS + 300_000,
  );
});
