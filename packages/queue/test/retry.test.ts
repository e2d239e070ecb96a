// The worker runtime's `retry` option against the real Redis: a failing job waits in the delayed set and is
// tried again past its `attempts` (no last attempt), with the attempt number counting on; an unrecoverable error
// still fails it at once. And the capped backoff's bounds.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createTestRedis } from "@catsyphon/testing";
import { type Redis } from "ioredis";

import {
  cappedBackoffDelay,
  createQueueProducer,
  createRedisConnection,
  openQueue,
  QUEUE_NAMES,
  startQueueWorker,
  UnrecoverableJobError,
} from "../src";
import { ingestBatchInput, memoryLogger, waitFor } from "./helpers";

const testRedis = createTestRedis("queue-retry");
let producerConnection: Redis;
let workerConnection: Redis;

beforeAll(() => {
  producerConnection = createRedisConnection(testRedis.url, "producer");
  workerConnection = createRedisConnection(testRedis.url, "worker");
});
afterAll(async () => {
  producerConnection.disconnect();
  workerConnection.disconnect();
  await testRedis.cleanup();
});

describe("retry without a last attempt", () => {
  it("tries a failing job past its attempts until it succeeds, and parks an unrecoverable one at once", async () => {
    const prefix = `${testRedis.prefix}_a`;
    // Two attempts by the job's options: without `retry` the job would fail for good after the second.
    const producer = createQueueProducer({
      connection: producerConnection,
      prefix,
      jobOptions: { ingest: { attempts: 2, backoff: { type: "fixed", delay: 1 } } },
    });
    const attempts: number[] = [];
    const { logger, lines } = memoryLogger();
    const worker = startQueueWorker({
      queue: QUEUE_NAMES.ingest,
      connection: workerConnection,
      prefix,
      concurrency: 2,
      logger,
      retry: { delayMs: () => 10 },
      handlers: {
        "ingest-batch": async (payload, context) => {
          if (payload.session_id === "poison") throw new UnrecoverableJobError("never");
          attempts.push(context.attempt);
          if (attempts.length < 5) throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
          return { ok: true };
        },
        "complete-session": async () => null,
      },
    });
    const queue = openQueue(QUEUE_NAMES.ingest, producerConnection, prefix);
    try {
      const { jobId } = await producer.enqueueIngestBatch(ingestBatchInput());
      const { jobId: poisonId } = await producer.enqueueIngestBatch(
        ingestBatchInput({ session_id: "poison" }),
      );
      await waitFor(async () => (await queue.getJobState(jobId)) === "completed");
      expect(attempts).toEqual([1, 2, 3, 4, 5]);
      await waitFor(async () => (await queue.getJobState(poisonId)) === "failed");
      expect((await queue.getJob(poisonId))?.attemptsMade).toBe(1);
      expect(lines.filter((line) => line.includes("will retry"))).toHaveLength(4);
    } finally {
      await worker.close();
      await producer.close();
      await queue.close();
    }
  });
});

describe("cappedBackoffDelay", () => {
  it("doubles from the base up to the cap, each delay in the upper half of its step", () => {
    const backoff = { baseMs: 100, maxMs: 1_000 };
    expect([1, 2, 3, 4, 5, 100].map((n) => cappedBackoffDelay(backoff, n, () => 1))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
    expect([1, 2, 3, 4, 5, 100].map((n) => cappedBackoffDelay(backoff, n, () => 0))).toEqual([
      50, 100, 200, 400, 500, 500,
    ]);
  });
});
