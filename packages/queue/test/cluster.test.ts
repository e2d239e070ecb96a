// The queues on a real Redis Cluster (three masters this file starts): the factory gives an ioredis Cluster with
// the role's options, refuses a prefix whose keys would spread over the slots, and a job goes from producer to
// worker with every key it left in the prefix's one slot. Also the producer's fail-fast when no node answers.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import {
  redisClusterSlot,
  type RedisClusterServer,
  startRedisCluster,
  type TestRedis,
} from "@catsyphon/testing";
import { Cluster } from "ioredis";

import {
  ClusterKeyPrefixError,
  createQueueProducer,
  createRedisConnection,
  type IngestBatchJob,
  isRedisUnavailable,
  openEveryQueue,
  QUEUE_NAMES,
  queueCounts,
  type QueueWorker,
  type RedisClient,
  redisHashTag,
  RedisUnavailableError,
  settleConnectionAttempt,
  startQueueWorker,
  waitListKey,
} from "../src";
import { clusterSeeds } from "../src/connections";
import { ingestBatchInput, memoryLogger, waitFor } from "./helpers";

let cluster: RedisClusterServer;
let testRedis: TestRedis;
let producerConnection: RedisClient;
let workerConnection: RedisClient;

beforeAll(async () => {
  cluster = await startRedisCluster();
  testRedis = cluster.testRedis("queue-cluster");
  const options = { name: "cluster-test", cluster: true, keyPrefix: testRedis.prefix };
  producerConnection = createRedisConnection(cluster.url, "producer", options);
  workerConnection = createRedisConnection(cluster.url, "worker", options);
  // A fail-fast Cluster rejects commands until it has the slot map; the apps wait for that at boot too.
  await settleConnectionAttempt(producerConnection);
}, 60_000);

afterAll(async () => {
  await producerConnection?.quit();
  await workerConnection?.quit();
  await testRedis?.cleanup();
  await cluster?.stop();
});

/** Every key under the test's prefix, from every master (SCAN walks one node). */
async function keysUnderPrefix(): Promise<{ key: string; port: number }[]> {
  const client = cluster.client();
  try {
    await client.ping();
    const found: { key: string; port: number }[] = [];
    for (const master of client.nodes("master")) {
      let cursor = "0";
      do {
        const [next, keys] = await master.scan(cursor, "MATCH", `${testRedis.prefix}*`, "COUNT", 1000);
        found.push(...keys.map((key) => ({ key, port: Number(master.options.port) })));
        cursor = next;
      } while (cursor !== "0");
    }
    return found;
  } finally {
    client.disconnect();
  }
}

describe("createRedisConnection with cluster: true", () => {
  it("returns an ioredis Cluster over the seed nodes, with the role's options where a Cluster reads them", () => {
    expect(producerConnection).toBeInstanceOf(Cluster);
    expect(workerConnection).toBeInstanceOf(Cluster);
    const producer = producerConnection as Cluster;
    const worker = workerConnection as Cluster;
    expect(producer.options.enableOfflineQueue).toBe(false);
    expect(producer.options.redisOptions).toMatchObject({
      maxRetriesPerRequest: 1,
      connectionName: "catsyphon:cluster-test:producer",
    });
    expect(worker.options.enableOfflineQueue).toBe(true);
    expect(worker.options.redisOptions).toMatchObject({
      maxRetriesPerRequest: null,
      connectionName: "catsyphon:cluster-test:worker",
    });
  });

  it("takes the seed nodes, credentials and TLS from the URL list", () => {
    expect(clusterSeeds("redis://app:p%40ss%2Cw@10.0.0.1:7000, rediss://10.0.0.2")).toEqual({
      nodes: [
        { host: "10.0.0.1", port: 7000 },
        { host: "10.0.0.2", port: 6379 },
      ],
      nodeOptions: { username: "app", password: "p@ss,w", tls: {} },
    });
    expect(clusterSeeds("redis://127.0.0.1:7000").nodeOptions).toEqual({});
  });

  it("names its node connections in CLIENT LIST", async () => {
    expect(await producerConnection.ping()).toBe("PONG");
    const master = (producerConnection as Cluster).nodes("master")[0];
    await waitFor(async () => {
      const list = String(await master?.client("LIST"));
      return list.includes("name=catsyphon:cluster-test:producer");
    });
  });

  it("refuses a prefix without a hash tag, naming REDIS_KEY_PREFIX", () => {
    for (const keyPrefix of ["catsyphon", "{}catsyphon", undefined]) {
      const attempt = () => createRedisConnection(cluster.url, "producer", { cluster: true, keyPrefix });
      expect(attempt).toThrow(ClusterKeyPrefixError);
      expect(attempt).toThrow(/REDIS_KEY_PREFIX/);
    }
    expect(redisHashTag(testRedis.prefix)).toBe(testRedis.prefix.slice(1, -1));
  });

  it("carries a job from producer to worker, every key in the prefix's one slot, and counts the queues", async () => {
    const prefix = testRedis.prefix;
    const producer = createQueueProducer({ connection: producerConnection, prefix });
    const queues = openEveryQueue(producerConnection, prefix);
    const received: IngestBatchJob[] = [];
    let worker: QueueWorker | undefined;
    try {
      const input = ingestBatchInput();
      const { jobId, created } = await producer.enqueueIngestBatch(input);
      expect(created).toBe(true);
      // A resubmission is recognized (the EXISTS and the add's script run on the slot's master).
      expect((await producer.enqueueIngestBatch(input)).created).toBe(false);
      expect(await producerConnection.lrange(waitListKey(QUEUE_NAMES.ingest, prefix), 0, -1)).toEqual([
        jobId,
      ]);
      const waiting = await queueCounts(queues);
      expect(waiting.find((counts) => counts.name === "ingest")).toMatchObject({ waiting: 1, active: 0 });

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
      await waitFor(async () => (await queues.ingest.getJobCounts("completed")).completed === 1);
      expect(received.map((job) => job.conversation_id)).toEqual([input.conversation_id]);
      const done = await queueCounts(queues);
      expect(done.find((counts) => counts.name === "ingest")).toMatchObject({
        waiting: 0,
        active: 0,
        failed: 0,
      });

      const keys = await keysUnderPrefix();
      expect(keys.length).toBeGreaterThan(3);
      const slot = redisClusterSlot(prefix);
      // One slot by design (the hash tag), so one master holds them all; the cluster agrees on the slot.
      expect(new Set(keys.map(({ key }) => redisClusterSlot(key)))).toEqual(new Set([slot]));
      expect(new Set(keys.map(({ port }) => port)).size).toBe(1);
      for (const { key } of keys.slice(0, 5)) {
        expect(await producerConnection.cluster("KEYSLOT", key)).toBe(slot);
      }
    } finally {
      await worker?.close();
      for (const queue of Object.values(queues)) await queue.close();
      await producer.close();
    }
  });
});

describe("a producer Cluster connection with no node answering", () => {
  it("rejects at once with RedisUnavailableError instead of hanging", async () => {
    // Nothing listens on ports 1 and 2.
    const down = createRedisConnection("redis://127.0.0.1:1,redis://127.0.0.1:2", "producer", {
      name: "cluster-down-test",
      cluster: true,
      keyPrefix: "{down}",
      redisOptions: { disconnectTimeout: 50 },
    });
    const unreachable = createQueueProducer({ connection: down, prefix: "{down}" });
    try {
      const attempt = unreachable.enqueueIngestBatch(ingestBatchInput());
      await expect(attempt).rejects.toBeInstanceOf(RedisUnavailableError);
      await attempt.catch((error: unknown) => expect(isRedisUnavailable(error)).toBe(true));
    } finally {
      await unreachable.close();
      down.disconnect();
    }
  });
});
