// The worker runtime against the real Redis: parsed payloads, permanent failure of bad jobs without blocking
// the queue, retries, logging without payloads, one shutdown path.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { createTestRedis } from "@catsyphon/testing";
import { Queue } from "bullmq";
import { type Redis } from "ioredis";

import {
  type CompleteSessionJob,
  createQueueProducer,
  createRedisConnection,
  ingestBatchJobId,
  type IngestBatchJob,
  type JobContext,
  type JobOptionsOverrides,
  QUEUE_NAMES,
  startQueueWorker,
  UnrecoverableJobError,
} from "../src";
import { deferred, ingestBatchInput, memoryLogger, sleep, waitFor } from "./helpers";

const testRedis = createTestRedis("queue-worker");
let producerConnection: Redis;
let workerConnection: Redis;
let testNumber = 0;
const toClose: { close(): Promise<unknown> }[] = [];

/** Each test gets its own prefix (under the file's), so no test sees another's jobs. */
function freshPrefix(): string {
  testNumber += 1;
  return `${testRedis.prefix}_${testNumber}`;
}

function producerFor(prefix: string, jobOptions?: JobOptionsOverrides) {
  const producer = createQueueProducer({ connection: producerConnection, prefix, jobOptions });
  toClose.push(producer);
  return producer;
}

/** A plain BullMQ queue: adds jobs behind the producer's back and reads their state. */
function rawIngestQueue(prefix: string): Queue {
  const queue = new Queue(QUEUE_NAMES.ingest, { connection: producerConnection, prefix });
  toClose.push(queue);
  return queue;
}

function startIngestWorker(
  prefix: string,
  handler: (payload: IngestBatchJob, context: JobContext) => Promise<unknown>,
) {
  const { logger, lines } = memoryLogger();
  const completions: CompleteSessionJob[] = [];
  const runtime = startQueueWorker({
    queue: QUEUE_NAMES.ingest,
    connection: workerConnection,
    prefix,
    concurrency: 1,
    logger,
    handlers: {
      "ingest-batch": handler,
      "complete-session": async (payload) => {
        completions.push(payload);
        return null;
      },
    },
  });
  toClose.push(runtime);
  return { runtime, lines, completions };
}

async function waitForState(queue: Queue, jobId: string, state: "completed" | "failed"): Promise<void> {
  await waitFor(async () => (await queue.getJobState(jobId)) === state);
}

beforeAll(() => {
  producerConnection = createRedisConnection(testRedis.url, "producer", { name: "worker-test-producer" });
  workerConnection = createRedisConnection(testRedis.url, "worker", { name: "worker-test" });
});

afterEach(async () => {
  // Workers first, so nothing is left processing against closed queues.
  for (const item of toClose.splice(0).reverse()) await item.close();
});

afterAll(async () => {
  await Promise.all([producerConnection.quit(), workerConnection.quit()]);
  await testRedis.cleanup();
});

describe("startQueueWorker", () => {
  it("hands the handler the parsed payload with the job's context, and completes the job", async () => {
    const prefix = freshPrefix();
    const received: { payload: IngestBatchJob; context: JobContext }[] = [];
    const { runtime } = startIngestWorker(prefix, async (payload, context) => {
      received.push({ payload, context });
      return { events: payload.events.length };
    });
    const queue = rawIngestQueue(prefix);

    // Through the producer: normalized on enqueue.
    const viaProducer = ingestBatchInput();
    const { jobId } = await producerFor(prefix).enqueueIngestBatch(viaProducer);
    // Behind the producer's back, in another spelling: normalized on dequeue.
    const raw = ingestBatchInput();
    const rawStart = raw.events[0];
    if (rawStart?.type !== "session_start") throw new Error("the seed batch starts with session_start");
    rawStart.data.agent_type = "Claude Code";
    await queue.add("ingest-batch", raw, { jobId: "raw-job" });

    await waitForState(queue, jobId, "completed");
    await waitForState(queue, "raw-job", "completed");
    expect((await queue.getJob(jobId))?.returnvalue).toEqual({ events: 6 });

    expect(received).toHaveLength(2);
    for (const { payload } of received) {
      const start = payload.events[0];
      expect(start?.type === "session_start" && start.data.agent_type).toBe("claude_code");
    }
    const first = received.find(({ context }) => context.jobId === jobId);
    expect(first?.payload.conversation_id).toBe(viaProducer.conversation_id);
    expect(first?.context).toMatchObject({
      queue: "ingest",
      jobName: "ingest-batch",
      jobId: ingestBatchJobId({ ...viaProducer }),
      attempt: 1,
      maxAttempts: 8,
    });
    expect(first?.context.enqueuedAt.getTime()).toBeLessThanOrEqual(first?.context.receivedAt.getTime() ?? 0);
    expect(first?.context.signal).toBeInstanceOf(AbortSignal);
    expect(runtime.worker.concurrency).toBe(1);
  });

  it("routes each job of the queue to its own handler", async () => {
    const prefix = freshPrefix();
    const batches: string[] = [];
    const { completions } = startIngestWorker(prefix, async (payload) => {
      batches.push(payload.conversation_id);
      return null;
    });
    const producer = producerFor(prefix);
    const batch = ingestBatchInput();
    await producer.enqueueIngestBatch(batch);
    await producer.enqueueCompleteSession({
      workspace_id: batch.workspace_id,
      conversation_id: batch.conversation_id,
      session_id: batch.session_id,
      outcome: "success",
      up_to_sequence: 6,
      requested_at: "2025-06-01T09:02:00.000Z",
    });

    await waitFor(() => completions.length === 1);
    expect(batches).toEqual([batch.conversation_id]);
    expect(completions[0]).toEqual({
      workspace_id: batch.workspace_id,
      conversation_id: batch.conversation_id,
      session_id: batch.session_id,
      outcome: "success",
      up_to_sequence: 6,
      requested_at: "2025-06-01T09:02:00.000Z",
    });
  });

  it("fails a corrupted payload for good after one attempt, logs it without the payload, and goes on", async () => {
    const prefix = freshPrefix();
    const handled: string[] = [];
    const { lines } = startIngestWorker(prefix, async (payload) => {
      handled.push(payload.conversation_id);
      return null;
    });
    const queue = rawIngestQueue(prefix);

    const corrupted = ingestBatchInput();
    const message = corrupted.events[1];
    if (message?.type !== "message") throw new Error("the seed batch's second event is a message");
    message.data.author_role = "SECRET-CONTENT-IN-PAYLOAD" as "human";
    // Plenty of attempts and no backoff: only the runtime's verdict can stop the retries.
    await queue.add("ingest-batch", corrupted, { jobId: "corrupted", attempts: 5 });
    const valid = ingestBatchInput();
    const { jobId } = await producerFor(prefix).enqueueIngestBatch(valid);

    await waitForState(queue, "corrupted", "failed");
    await waitForState(queue, jobId, "completed");
    expect(handled).toEqual([valid.conversation_id]);

    const failed = await queue.getJob("corrupted");
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toContain("invalid ingest-batch payload");
    expect(failed?.failedReason).toContain("events.1.data.author_role");

    await waitFor(() => lines.some((line) => line.includes('"job failed"')));
    const failureLog = JSON.parse(lines.find((line) => line.includes('"job failed"')) ?? "{}");
    expect(failureLog).toMatchObject({
      queue: "ingest",
      job_name: "ingest-batch",
      job_id: "corrupted",
      attempt: 1,
      will_retry: false,
      err: { type: "UnrecoverableJobError", message: expect.stringContaining("events.1.data.author_role") },
    });
    const log = lines.join("\n");
    expect(log).not.toContain("SECRET-CONTENT-IN-PAYLOAD");
    expect(log).not.toContain("Fix the typo in README.md");
  });

  it("fails an unknown job name for good with a clear reason", async () => {
    const prefix = freshPrefix();
    startIngestWorker(prefix, async () => null);
    const queue = rawIngestQueue(prefix);

    await queue.add("reindex-everything", {}, { jobId: "unknown", attempts: 5 });
    await waitForState(queue, "unknown", "failed");
    const failed = await queue.getJob("unknown");
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toBe(
      'unknown job name "reindex-everything" on queue "ingest" (handled here: ingest-batch, complete-session)',
    );
  });

  it("retries a handler's ordinary error per the job options", async () => {
    const prefix = freshPrefix();
    const attempts: number[] = [];
    const { lines } = startIngestWorker(prefix, async (_payload, context) => {
      attempts.push(context.attempt);
      if (context.attempt < 3) throw new Error(`database away (attempt ${context.attempt})`);
      return "ok";
    });
    const producer = producerFor(prefix, { ingest: { attempts: 4, backoff: { type: "fixed", delay: 10 } } });
    const queue = rawIngestQueue(prefix);

    const { jobId } = await producer.enqueueIngestBatch(ingestBatchInput());
    await waitForState(queue, jobId, "completed");
    expect(attempts).toEqual([1, 2, 3]);

    const retryLogs = lines.filter((line) => line.includes("will retry")).map((line) => JSON.parse(line));
    expect(retryLogs).toEqual([
      expect.objectContaining({ job_id: jobId, attempt: 1, max_attempts: 4, will_retry: true }),
      expect.objectContaining({ job_id: jobId, attempt: 2, max_attempts: 4, will_retry: true }),
    ]);
  });

  it("gives up after the last attempt", async () => {
    const prefix = freshPrefix();
    let calls = 0;
    startIngestWorker(prefix, async () => {
      calls += 1;
      throw new Error("still away");
    });
    const producer = producerFor(prefix, { ingest: { attempts: 3, backoff: { type: "fixed", delay: 10 } } });
    const queue = rawIngestQueue(prefix);

    const { jobId } = await producer.enqueueIngestBatch(ingestBatchInput());
    await waitForState(queue, jobId, "failed");
    expect(calls).toBe(3);
    expect((await queue.getJob(jobId))?.attemptsMade).toBe(3);
  });

  it("fails at once when the handler throws UnrecoverableJobError", async () => {
    const prefix = freshPrefix();
    let calls = 0;
    startIngestWorker(prefix, async () => {
      calls += 1;
      throw new UnrecoverableJobError("workspace no longer exists");
    });
    const queue = rawIngestQueue(prefix);

    const { jobId } = await producerFor(prefix).enqueueIngestBatch(ingestBatchInput());
    await waitForState(queue, jobId, "failed");
    expect(calls).toBe(1);
    expect((await queue.getJob(jobId))?.failedReason).toBe("workspace no longer exists");
  });

  it("close() can be called twice, closes once and lets the running job finish", async () => {
    const prefix = freshPrefix();
    const started = deferred();
    const release = deferred();
    const { runtime } = startIngestWorker(prefix, async () => {
      started.resolve();
      await release.promise;
      return "finished";
    });
    const queue = rawIngestQueue(prefix);
    const { jobId } = await producerFor(prefix).enqueueIngestBatch(ingestBatchInput());
    await started.promise;

    let closed = false;
    const first = runtime.close();
    const second = runtime.close();
    expect(second).toBe(first);
    void first.then(() => {
      closed = true;
    });
    await sleep(300);
    expect(closed).toBe(false);

    release.resolve();
    await Promise.all([first, second]);
    expect(closed).toBe(true);
    expect(await queue.getJobState(jobId)).toBe("completed");
    await runtime.close();
    expect(runtime.worker.closing).toBeDefined();
  });

  it("runs the idle-session sweep the scheduler creates", async () => {
    const prefix = freshPrefix();
    const { logger } = memoryLogger();
    const sweeps: unknown[] = [];
    const runtime = startQueueWorker({
      queue: QUEUE_NAMES.maintenance,
      connection: workerConnection,
      prefix,
      concurrency: 1,
      logger,
      handlers: {
        "sweep-idle-sessions": async (payload, context) => {
          sweeps.push({ payload, jobName: context.jobName });
          return { completed: 0 };
        },
      },
    });
    toClose.push(runtime);
    await producerFor(prefix).scheduleIdleSweep({ everyMs: 1_000, payload: { idle_minutes: 30 } });

    await waitFor(() => sweeps.length > 0);
    expect(sweeps[0]).toEqual({ payload: { idle_minutes: 30 }, jobName: "sweep-idle-sessions" });
  });

  it("refuses to start without a handler for every job of the queue", () => {
    const { logger } = memoryLogger();
    expect(() =>
      startQueueWorker({
        queue: QUEUE_NAMES.tagging,
        connection: workerConnection,
        prefix: freshPrefix(),
        concurrency: 1,
        logger,
        handlers: {} as never,
      }),
    ).toThrow('queue "tagging" has no handler for tag-conversation');
  });
});
