// The producer against the real Redis: validation before anything is added, deterministic ids, fail-fast when
// Redis is down, one idle-sweep scheduler.
import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { seedBatchExample } from "@catsyphon/protocol";
import { createTestRedis } from "@catsyphon/testing";
import { Queue } from "bullmq";
import { type Redis } from "ioredis";

import {
  createQueueProducer,
  createRedisConnection,
  IDLE_SWEEP_SCHEDULER_ID,
  ingestBatchJobId,
  ingestBatchJobSchema,
  InvalidJobPayloadError,
  isRedisUnavailable,
  JOB_NAMES,
  QUEUE_NAMES,
  type QueueName,
  parseEventBatch,
  type QueueProducer,
  RedisUnavailableError,
  type ValidatedEventBatch,
} from "../src";
import { ingestBatchInput } from "./helpers";

const testRedis = createTestRedis("queue-producer");
const { prefix } = testRedis;
let connection: Redis;
let producer: QueueProducer;
const inspectors = new Map<QueueName, Queue>();

/** A plain BullMQ Queue on the same prefix, to look at what the producer left in Redis. */
function inspect(name: QueueName): Queue {
  let queue = inspectors.get(name);
  if (!queue) {
    queue = new Queue(name, { connection, prefix });
    inspectors.set(name, queue);
  }
  return queue;
}

async function jobTotal(name: QueueName): Promise<number> {
  const counts = await inspect(name).getJobCounts();
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

beforeAll(() => {
  connection = createRedisConnection(testRedis.url, "producer", { name: "producer-test" });
  producer = createQueueProducer({ connection, prefix });
});

afterAll(async () => {
  await producer.close();
  await Promise.all([...inspectors.values()].map((queue) => queue.close()));
  await connection.quit();
  await testRedis.cleanup();
});

describe("enqueueIngestBatch", () => {
  it("rejects an invalid payload with its zod issues and adds nothing", async () => {
    const input = ingestBatchInput();
    const [first, , third] = input.events;
    const withHole = { ...input, events: [first, third], last_sequence: 2 } as typeof input;

    const attempt = producer.enqueueIngestBatch(withHole);
    await expect(attempt).rejects.toBeInstanceOf(InvalidJobPayloadError);
    await attempt.catch((error: InvalidJobPayloadError) => {
      expect(error.issues.map((issue) => issue.path.join("."))).toEqual(["events.1.sequence"]);
    });
    await expect(producer.enqueueIngestBatch({ ...input, workspace_id: "nope" })).rejects.toBeInstanceOf(
      InvalidJobPayloadError,
    );
    expect(await jobTotal(QUEUE_NAMES.ingest)).toBe(0);
  });

  it("adds a batch once: the same range again reports created false and adds nothing", async () => {
    const input = ingestBatchInput();
    const expectedId = `batch-${input.conversation_id}-1-6`;

    expect(await producer.enqueueIngestBatch(input)).toEqual({ jobId: expectedId, created: true });
    expect(await producer.enqueueIngestBatch(structuredClone(input))).toEqual({
      jobId: expectedId,
      created: false,
    });
    // Even with another received-at time: the id depends on conversation and range only.
    const resent = { ...input, server_received_at: "2025-06-02T00:00:00.000Z" };
    expect(await producer.enqueueIngestBatch(resent)).toEqual({ jobId: expectedId, created: false });

    const job = await inspect(QUEUE_NAMES.ingest).getJob(expectedId);
    expect(job?.name).toBe(JOB_NAMES.ingestBatch);
    expect(job?.opts.attempts).toBe(8);
    expect(job?.opts.backoff).toEqual({ type: "exponential", delay: 1_000, jitter: 0.2 });
    // The parsed (normalized) payload is what is stored.
    expect(job?.data.events[0].data.agent_type).toBe("claude_code");
    expect(job?.data.server_received_at).toBe(input.server_received_at);
    expect(await inspect(QUEUE_NAMES.ingest).getJobCountByTypes("waiting")).toBe(1);
  });

  it("adds another range of the same conversation as its own job", async () => {
    const input = ingestBatchInput();
    const later = { ...input, events: input.events.slice(3), first_sequence: 4, last_sequence: 6 };
    const head = { ...input, events: input.events.slice(0, 3), first_sequence: 1, last_sequence: 3 };

    const results = await Promise.all([
      producer.enqueueIngestBatch(head),
      producer.enqueueIngestBatch(later),
    ]);
    expect(results).toEqual([
      { jobId: ingestBatchJobId(head), created: true },
      { jobId: ingestBatchJobId(later), created: true },
    ]);
  });
});

describe("enqueueValidatedIngestBatch", () => {
  function validatedSeedBatch(): ValidatedEventBatch {
    const result = parseEventBatch(structuredClone(seedBatchExample));
    if (!result.success) throw result.error;
    return result.data;
  }
  function envelope() {
    return {
      workspace_id: randomUUID(),
      collector_id: randomUUID(),
      source: "watcher" as const,
      conversation_id: randomUUID(),
      server_received_at: "2025-06-01T09:01:01.000Z",
    };
  }

  it("stores exactly what enqueueIngestBatch would for the accepted range (same keys, same order)", async () => {
    const batch = validatedSeedBatch();
    const fields = envelope();
    const { jobId } = await producer.enqueueValidatedIngestBatch({
      ...fields,
      first_sequence: 3,
      last_sequence: 6,
      batch,
    });
    expect(jobId).toBe(`batch-${fields.conversation_id}-3-6`);

    const expected = ingestBatchJobSchema.parse({
      ...fields,
      session_id: seedBatchExample.session_id,
      first_sequence: 3,
      last_sequence: 6,
      events: structuredClone(seedBatchExample.events).slice(2),
    });
    const job = await inspect(QUEUE_NAMES.ingest).getJob(jobId);
    expect(job?.name).toBe(JOB_NAMES.ingestBatch);
    expect(JSON.stringify(job?.data)).toBe(JSON.stringify(expected));
    expect(job?.opts.attempts).toBe(8);
    // What the worker will see on dequeue: the payload passes the job's schema unchanged.
    expect(ingestBatchJobSchema.parse(job?.data)).toEqual(expected);
  });

  it("adds a range once: the same range again adds nothing", async () => {
    const input = { ...envelope(), first_sequence: 1, last_sequence: 6, batch: validatedSeedBatch() };
    const before = await jobTotal(QUEUE_NAMES.ingest);
    const [first, second] = await Promise.all([
      producer.enqueueValidatedIngestBatch(input),
      producer.enqueueValidatedIngestBatch(input),
    ]);
    expect(second).toEqual(first);
    expect(await producer.enqueueValidatedIngestBatch(input)).toEqual(first);
    expect(await jobTotal(QUEUE_NAMES.ingest)).toBe(before + 1);
  });

  it("rejects a range the batch does not hold and a bad envelope, adding nothing", async () => {
    const batch = validatedSeedBatch();
    const before = await jobTotal(QUEUE_NAMES.ingest);
    const invalid = [
      { ...envelope(), first_sequence: 5, last_sequence: 7, batch },
      { ...envelope(), first_sequence: 7, last_sequence: 8, batch },
      { ...envelope(), first_sequence: 4, last_sequence: 3, batch },
      { ...envelope(), workspace_id: "nope", first_sequence: 1, last_sequence: 6, batch },
    ];
    for (const input of invalid) {
      await expect(producer.enqueueValidatedIngestBatch(input)).rejects.toBeInstanceOf(
        InvalidJobPayloadError,
      );
    }
    expect(await jobTotal(QUEUE_NAMES.ingest)).toBe(before);
  });
});

describe("parseEventBatch", () => {
  it("validates with the protocol's batch schema and reports its issues", () => {
    const valid = parseEventBatch(structuredClone(seedBatchExample));
    expect(valid.success).toBe(true);
    if (valid.success) expect(valid.data.events.map((event) => event.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
    const unsorted = structuredClone(seedBatchExample);
    unsorted.events.reverse();
    const invalid = parseEventBatch(unsorted);
    expect(invalid.success).toBe(false);
    expect(invalid.error?.issues[0]?.path).toEqual(["events", 1, "sequence"]);
  });
});

describe("enqueueCompleteSession", () => {
  it("adds the completion to the ingest queue, one job per request", async () => {
    const input = {
      workspace_id: randomUUID(),
      conversation_id: randomUUID(),
      session_id: "3f2c9a4e-8b1d-4c6e-9f7a-2d5b8e1c4a90",
      outcome: "success" as const,
      summary: "Fixed a typo",
      up_to_sequence: 6,
      requested_at: "2025-06-01T09:02:00.000Z",
    };
    const jobId = `complete-${input.conversation_id}-6-${Date.parse(input.requested_at)}`;

    expect(await producer.enqueueCompleteSession(input)).toEqual({ jobId, created: true });
    expect(await producer.enqueueCompleteSession(input)).toEqual({ jobId, created: false });
    const job = await inspect(QUEUE_NAMES.ingest).getJob(jobId);
    expect(job?.name).toBe(JOB_NAMES.completeSession);
    expect(job?.data).toEqual(input);
    await expect(
      // Any outcome label is valid (decision 0020); an empty one is not.
      producer.enqueueCompleteSession({ ...input, outcome: "" }),
    ).rejects.toBeInstanceOf(InvalidJobPayloadError);
  });
});

describe("enqueueTagConversation", () => {
  it("adds one job per conversation and request instant", async () => {
    const input = {
      workspace_id: randomUUID(),
      conversation_id: randomUUID(),
      reason: "session_end" as const,
      requested_at: "2025-06-01T09:01:01.000Z",
    };
    const jobId = `tag-${input.conversation_id}-${Date.parse(input.requested_at)}`;

    expect(await producer.enqueueTagConversation(input)).toEqual({ jobId, created: true });
    expect(await producer.enqueueTagConversation(input)).toEqual({ jobId, created: false });
    const job = await inspect(QUEUE_NAMES.tagging).getJob(jobId);
    expect(job?.opts.attempts).toBe(5);
    await expect(
      producer.enqueueTagConversation({ ...input, reason: "whim" as "manual" }),
    ).rejects.toBeInstanceOf(InvalidJobPayloadError);
  });
});

describe("scheduleIdleSweep", () => {
  it("registers one scheduler however often it is called", async () => {
    await producer.scheduleIdleSweep();
    await producer.scheduleIdleSweep();
    await producer.scheduleIdleSweep({ everyMs: 120_000, payload: { idle_minutes: 45 } });

    const maintenance = inspect(QUEUE_NAMES.maintenance);
    expect(await maintenance.getJobSchedulersCount()).toBe(1);
    const scheduler = await maintenance.getJobScheduler(IDLE_SWEEP_SCHEDULER_ID);
    expect(scheduler?.every).toBe(120_000);
    expect(scheduler?.template?.data).toEqual({ idle_minutes: 45 });
    // One upcoming sweep job, not one per call.
    const upcoming = await maintenance.getJobs(["delayed", "waiting", "prioritized"]);
    expect(upcoming.map((job) => job.name)).toEqual([JOB_NAMES.sweepIdleSessions]);
  });
});

describe("with Redis down", () => {
  it("rejects at once with RedisUnavailableError instead of hanging, and still validates first", async () => {
    // Nothing listens on port 1.
    const down = createRedisConnection("redis://127.0.0.1:1", "producer", {
      name: "producer-down-test",
      // disconnect() mid-attempt leaves ioredis waiting this long for the socket to close; Jest would wait too.
      redisOptions: { disconnectTimeout: 50 },
    });
    const unreachable = createQueueProducer({ connection: down, prefix });
    try {
      const attempt = unreachable.enqueueIngestBatch(ingestBatchInput());
      await expect(attempt).rejects.toBeInstanceOf(RedisUnavailableError);
      await attempt.catch((error: unknown) => expect(isRedisUnavailable(error)).toBe(true));
      await expect(unreachable.scheduleIdleSweep()).rejects.toBeInstanceOf(RedisUnavailableError);
      const validated = parseEventBatch(structuredClone(seedBatchExample));
      if (!validated.success) throw validated.error;
      const { session_id: _sessionId, events: _events, ...fields } = ingestBatchInput();
      await expect(
        unreachable.enqueueValidatedIngestBatch({ ...fields, batch: validated.data }),
      ).rejects.toBeInstanceOf(RedisUnavailableError);
      await expect(
        unreachable.enqueueIngestBatch({ ...ingestBatchInput(), events: [] }),
      ).rejects.toBeInstanceOf(InvalidJobPayloadError);
    } finally {
      await unreachable.close();
      down.disconnect();
    }
  });
});

describe("close", () => {
  it("is idempotent, and the producer refuses work afterwards", async () => {
    const own = createQueueProducer({ connection, prefix });
    await own.enqueueIngestBatch(ingestBatchInput());
    await Promise.all([own.close(), own.close()]);
    await own.close();
    await expect(own.enqueueIngestBatch(ingestBatchInput())).rejects.toThrow("closed");
    // The connection belongs to the caller and is still usable.
    expect(await connection.ping()).toBe("PONG");
  });
});
