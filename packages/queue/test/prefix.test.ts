// The BullMQ prefix is configurable and, by default, a Redis Cluster hash tag: a job goes through a queue under a
// custom prefix, every key it left is under that prefix and in one slot, and KEDA's list is the one it waited in.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createTestRedis, redisClusterSlot } from "@catsyphon/testing";
import { type Redis } from "ioredis";

import {
  createQueueProducer,
  createRedisConnection,
  DEFAULT_QUEUE_PREFIX,
  type IngestBatchJob,
  openQueue,
  QUEUE_NAMES,
  type QueueWorker,
  startQueueWorker,
  waitListKey,
} from "../src";
import { ingestBatchInput, memoryLogger, waitFor } from "./helpers";

const testRedis = createTestRedis("queue-prefix");
// The test file's own prefix with a hash tag inside, as an operator would set REDIS_KEY_PREFIX for a cluster.
const prefix = `${testRedis.prefix}{q}`;
let producerConnection: Redis;
let workerConnection: Redis;

beforeAll(() => {
  producerConnection = createRedisConnection(testRedis.url, "producer", { name: "prefix-test" });
  workerConnection = createRedisConnection(testRedis.url, "worker", { name: "prefix-test" });
});

afterAll(async () => {
  await producerConnection.quit();
  await workerConnection.quit();
  await testRedis.cleanup();
});

async function keysUnder(pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await producerConnection.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== "0");
  return keys;
}

describe("the queue prefix", () => {
  it("defaults to a hash tag, so every queue key of a deployment hashes to one Redis Cluster slot", () => {
    expect(DEFAULT_QUEUE_PREFIX).toBe("{catsyphon}");
    const slot = redisClusterSlot(DEFAULT_QUEUE_PREFIX);
    for (const queue of Object.values(QUEUE_NAMES)) {
      for (const type of ["wait", "active", "meta", "events", "marker", "id", "delayed", "completed", "1"]) {
        expect(redisClusterSlot(`${DEFAULT_QUEUE_PREFIX}:${queue}:${type}`)).toBe(slot);
      }
    }
    expect(waitListKey(QUEUE_NAMES.ingest)).toBe("{catsyphon}:ingest:wait");
  });

  it("carries a job from producer to worker under a custom prefix, with every key under it and in one slot", async () => {
    const producer = createQueueProducer({ connection: producerConnection, prefix });
    const queue = openQueue(QUEUE_NAMES.ingest, producerConnection, prefix);
    const received: IngestBatchJob[] = [];
    let worker: QueueWorker | undefined;
    try {
      // Enqueued before any worker runs, so it waits in the list KEDA's redis scaler reads.
      const input = ingestBatchInput();
      const { jobId } = await producer.enqueueIngestBatch(input);
      expect(await producerConnection.lrange(waitListKey(QUEUE_NAMES.ingest, prefix), 0, -1)).toEqual([
        jobId,
      ]);

      worker = startQueueWorker({
        queue: QUEUE_NAMES.ingest,
        connection: workerConnection,
        prefix,
        concurrency: 1,
        logger: memoryLogger().logger,
        handlers: {
          "ingest-batch": async (payload) => {
            received.push(payload);
            return null;
          },
          "complete-session": async () => null,
        },
      });
      await waitFor(async () => (await queue.getJobCounts("completed")).completed === 1);
      expect(received.map((job) => job.conversation_id)).toEqual([input.conversation_id]);
      expect(await producerConnection.llen(waitListKey(QUEUE_NAMES.ingest, prefix))).toBe(0);

      const keys = await keysUnder(`${testRedis.prefix}*`);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.filter((key) => !key.startsWith(`${prefix}:`))).toEqual([]);
      expect(new Set(keys.map(redisClusterSlot))).toEqual(new Set([redisClusterSlot("q")]));
      expect(await producerConnection.exists(`${DEFAULT_QUEUE_PREFIX}:${QUEUE_NAMES.ingest}:${jobId}`)).toBe(
        0,
      );
    } finally {
      await worker?.close();
      await queue.close();
      await producer.close();
    }
  });
});
