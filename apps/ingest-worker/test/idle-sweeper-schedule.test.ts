// Issue 11 item 8: the idle sweeper's schedule survives a Redis flush (every worker re-creates it periodically,
// not only at start), and closing a session again after it was reopened records its last activity as end_time and
// the last closer as closed_by.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { loadIngestWorkerEnv } from "@catsyphon/config";
import { createLogger } from "@catsyphon/logger";
import { type ProtocolEventInput } from "@catsyphon/protocol";
import { createRedisConnection, IDLE_SWEEP_SCHEDULER_ID, openQueue, QUEUE_NAMES } from "@catsyphon/queue";
import { PrivateRedisServer } from "@catsyphon/testing";
import { sweepIdleSessions } from "../src/ingest/idle-sweeper";
import { startIngestWorker, type RunningIngestWorker } from "../src/worker";
import { enqueue, eventually, newId, seedEvents, startWorkerHarness, type WorkerHarness } from "./harness";

describe("the idle sweeper's schedule", () => {
  let h: WorkerHarness;
  let redisServer: PrivateRedisServer;
  let worker: RunningIngestWorker | undefined;

  beforeAll(async () => {
    h = await startWorkerHarness("worker-sweep-schedule", { inProcessWorker: false });
    // A Redis of this test's own: FLUSHALL on the shared one would wipe every other test's queues.
    redisServer = await PrivateRedisServer.onFreePort();
    await redisServer.start();
  });
  afterAll(async () => {
    await worker?.close();
    await redisServer.dispose();
    await h.close();
  });

  it("is re-created after a Redis FLUSHALL, without a worker restart", async () => {
    const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    worker = await startIngestWorker(
      loadIngestWorkerEnv({
        DATABASE_URL: h.database.url,
        REDIS_URL: redisServer.url,
        WORKER_HEALTH_PORT: "0",
        IDLE_SWEEP_REASSERT_MS: "1000",
        LOG_LEVEL: "warn",
      }),
      createLogger({ name: "ingest-worker", level: "warn", destination: sink }),
    );
    const connection = createRedisConnection(redisServer.url, "worker");
    const maintenance = openQueue(QUEUE_NAMES.maintenance, connection);
    try {
      const schedulers = async () => (await maintenance.getJobSchedulers()).map((s) => s.key);
      expect(await schedulers()).toEqual([IDLE_SWEEP_SCHEDULER_ID]);
      await connection.flushall();
      expect(await schedulers()).toEqual([]);
      await eventually(async () => (await schedulers()).includes(IDLE_SWEEP_SCHEDULER_ID), {
        timeoutMs: 20_000,
      });
      expect(await schedulers()).toEqual([IDLE_SWEEP_SCHEDULER_ID]);
    } finally {
      await maintenance.close();
      connection.disconnect();
    }
  });
});

describe("closing a session again after it was reopened", () => {
  let h: WorkerHarness;
  beforeAll(async () => {
    h = await startWorkerHarness("worker-sweep-reclose");
  });
  afterAll(() => h.close());

  // Long ago, so the sweeper (30 idle minutes) takes the session whenever it is open.
  const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 8, minutes)).toISOString();
  const prompt = (sequence: number, minutes: number): ProtocolEventInput => ({
    sequence,
    type: "message",
    emitted_at: at(minutes),
    observed_at: at(minutes),
    data: { author_role: "human", message_type: "prompt", content: `prompt ${sequence}` },
  });
  const started = (): ProtocolEventInput => {
    const [start] = seedEvents();
    return { ...(start as ProtocolEventInput), sequence: 1, emitted_at: at(0), observed_at: at(0) };
  };
  const conversation = (id: string) => h.prisma.conversation.findUniqueOrThrow({ where: { id } });
  const closedBy = async (id: string) =>
    ((await conversation(id)).extraData as { closed_by?: string }).closed_by;

  it("ends at the last activity, closed by whoever closed it last", async () => {
    const id = newId();
    await enqueue(h, "reclose", id, [started(), prompt(2, 1)]);
    await eventually(() => h.prisma.conversation.findFirst({ where: { id, lastEventSequence: 2 } }));
    expect((await sweepIdleSessions(h.prisma, 30)).map((s) => s.id)).toContain(id);
    expect(await conversation(id)).toMatchObject({ status: "completed", endTime: new Date(at(1)) });
    expect(await closedBy(id)).toBe("idle_sweeper");

    // Reopened by a later event, swept again: it ended at that event, not at the first close.
    await enqueue(h, "reclose", id, [prompt(3, 60)]);
    await eventually(() => h.prisma.conversation.findFirst({ where: { id, status: "active" } }));
    expect((await sweepIdleSessions(h.prisma, 30)).map((s) => s.id)).toContain(id);
    expect(await conversation(id)).toMatchObject({ status: "completed", endTime: new Date(at(60)) });

    // Reopened again and ended by a session_end event: closed by that, not by the sweeper.
    const end: ProtocolEventInput = {
      sequence: 5,
      type: "session_end",
      emitted_at: at(121),
      observed_at: at(121),
      data: { outcome: "success" },
    };
    await enqueue(h, "reclose", id, [prompt(4, 120), end]);
    await eventually(() =>
      h.prisma.conversation.findFirst({ where: { id, lastEventSequence: 5, status: "completed" } }),
    );
    expect(await conversation(id)).toMatchObject({ endTime: new Date(at(121)), success: true });
    expect(await closedBy(id)).toBe("session_end");
  });

  it("a completion request after a reopen ends the session at its last activity", async () => {
    const id = newId();
    await enqueue(h, "recomplete", id, [started(), prompt(2, 1)]);
    await eventually(() => h.prisma.conversation.findFirst({ where: { id, lastEventSequence: 2 } }));
    await sweepIdleSessions(h.prisma, 30);
    await enqueue(h, "recomplete", id, [prompt(3, 90)]);
    await eventually(() => h.prisma.conversation.findFirst({ where: { id, status: "active" } }));
    await h.producer.enqueueCompleteSession({
      workspace_id: h.workspaceId,
      conversation_id: id,
      session_id: "recomplete",
      outcome: "failure",
      up_to_sequence: 3,
      requested_at: new Date().toISOString(),
    });
    await eventually(() => h.prisma.conversation.findFirst({ where: { id, status: "completed" } }));
    expect(await conversation(id)).toMatchObject({ endTime: new Date(at(90)), success: false });
    expect(await closedBy(id)).toBe("complete_request");
  });
});
