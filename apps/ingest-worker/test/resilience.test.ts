// Issue 11, worker resilience: Postgres (a TCP proxy in front of it) cut while rows are being written, and
// black-holed; Redis cut. The worker process stays alive (before the fix it died of pg's unhandled 'error'
// event, "Connection terminated unexpectedly"), only the writes in flight fail and are retried, /ready says 503
// while a dependency is away and 200 once it is back, without a restart, and every accepted event lands once.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
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

const SESSIONS = 8;
const EVENTS_PER_BATCH = 50;

describe("the worker when its connections drop", () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let postgresProxy: TcpProxy;
  let redisProxy: TcpProxy;
  let api: IngestApiProcess;
  let worker: IngestWorkerProcess;
  let sender: Sender;
  let db: Client;
  const nextSequence = new Map<number, number>();

  beforeAll(async () => {
    database = await createTestDatabase("worker-resilience");
    redis = createTestRedis("worker-resilience");
    postgresProxy = await TcpProxy.forUrl(database.url);
    redisProxy = await TcpProxy.forUrl(redis.url);
    api = await startIngestApiProcess({
      database,
      redis,
      env: { RATE_LIMIT_EVENTS_PER_MIN: "0", RATE_LIMIT_REQUESTS_PER_MIN: "0" },
    });
    worker = await startIngestWorkerProcess({
      database: { ...database, url: postgresProxy.url(database.url) },
      redis: { ...redis, url: redisProxy.url(redis.url) },
      env: { WORKER_RETRY_BASE_MS: "100", WORKER_RETRY_MAX_MS: "1000" },
    });
    sender = await registerSender(api);
    db = new Client({ connectionString: database.url });
    await db.connect();
  }, 180_000);
  afterAll(async () => {
    await db?.end();
    await worker?.stop();
    await api?.stop();
    await postgresProxy?.close();
    await redisProxy?.close();
    await redis?.cleanup();
    await database?.drop();
  });

  const messages = async () =>
    Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM messages")).rows[0]?.n ?? -1);
  const sent = () => [...nextSequence.values()].reduce((sum, next) => sum + next - 1, 0);
  /** One batch for each session, continuing its sequence. */
  const sendRound = () =>
    Promise.all(
      range(0, SESSIONS).map(async (session) => {
        const first = nextSequence.get(session) ?? 1;
        nextSequence.set(session, first + EVENTS_PER_BATCH);
        await sender.send(
          `resilience-${session}`,
          range(first, EVENTS_PER_BATCH).map((s) => messageEvent(s)),
        );
      }),
    );
  const ready = async (): Promise<{ status: number; checks: Record<string, string> } | undefined> => {
    try {
      const res = await fetch(`${worker.healthUrl}/ready`);
      const body = (await res.json()) as { checks: Record<string, string> };
      return { status: res.status, checks: body.checks };
    } catch {
      return undefined; // the process is gone (or not answering): never what these tests wait for
    }
  };
  const allLanded = async () => {
    await eventually(async () => (await messages()) >= sent(), { timeoutMs: 90_000, intervalMs: 200 });
    expect(await messages()).toBe(sent());
    const distinct = await db.query<{ n: string }>(
      "SELECT count(DISTINCT (conversation_id, sequence)) AS n FROM messages",
    );
    expect(Number(distinct.rows[0]?.n)).toBe(sent());
    const notSucceeded = await db.query("SELECT 1 FROM ingestion_jobs WHERE status <> 'succeeded'");
    expect(notSucceeded.rowCount).toBe(0);
  };

  it("survives Postgres cut in the middle of writes, says so on /ready, and catches up", async () => {
    expect((await ready())?.status).toBe(200);
    // Keep writes flowing and cut while some are in flight (connections open through the proxy, rows arriving).
    let sending = true;
    const traffic = (async () => {
      while (sending) await sendRound();
    })();
    try {
      await eventually(async () => (await messages()) >= 5 * SESSIONS * EVENTS_PER_BATCH, {
        timeoutMs: 60_000,
      });
      expect(postgresProxy.connections).toBeGreaterThan(0);
      await postgresProxy.cut();
      const down = await eventually(async () => {
        const answer = await ready();
        return answer?.status === 503 ? answer : undefined;
      });
      expect(down.checks).toMatchObject({ postgres: "unavailable", redis: "ok" });
    } finally {
      sending = false;
      await traffic;
    }
    // Before the fix the process had died by now: "Unhandled 'error' event ... Connection terminated unexpectedly".
    expect(worker.alive()).toBe(true);

    await postgresProxy.resume();
    const up = await eventually(async () => {
      const answer = await ready();
      return answer?.status === 200 ? answer : undefined;
    });
    expect(up.checks).toMatchObject({ postgres: "ok", redis: "ok" });
    await allLanded();
    expect(worker.alive()).toBe(true);
  }, 240_000);

  it("waits out a Postgres that stops answering (paused), then writes what came meanwhile", async () => {
    postgresProxy.pause();
    await sendRound();
    await eventually(async () => (await ready())?.status === 503);
    postgresProxy.resume();
    await eventually(async () => (await ready())?.status === 200);
    await sendRound();
    await allLanded();
    expect(worker.alive()).toBe(true);
  }, 240_000);

  it("says not ready while Redis is away and ready again when it returns, and keeps working", async () => {
    await redisProxy.cut();
    const down = await eventually(async () => {
      const answer = await ready();
      return answer?.status === 503 ? answer : undefined;
    });
    expect(down.checks).toMatchObject({ redis: "unavailable", postgres: "ok" });
    // The API still takes batches (its own Redis connection); they wait in the queue for the worker.
    await sendRound();
    await redisProxy.resume();
    await eventually(async () => (await ready())?.status === 200, { timeoutMs: 60_000 });
    await allLanded();
    expect(worker.alive()).toBe(true);
  }, 240_000);
});
