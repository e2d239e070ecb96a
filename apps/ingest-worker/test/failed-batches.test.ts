// Item 6 of the issue: a batch that can never be written ends as a failed (parked) job with its error, at once
// (no retries), and blocks nothing else, not even the batches of its own conversation it was written together
// with. "Never" is a constraint the database enforces here: values the protocol accepts are all storable
// (decision 0023), so a test table constraint stands for what a release cannot store yet.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { loadIngestWorkerEnv } from "@catsyphon/config";
import { createLogger } from "@catsyphon/logger";
import { type ProtocolEventInput } from "@catsyphon/protocol";
import { ingestBatchJobId, QUEUE_NAMES } from "@catsyphon/queue";
import { Queue } from "bullmq";
import { startIngestWorker, type RunningIngestWorker } from "../src/worker";
import { enqueue, eventually, newId, startWorkerHarness, type WorkerHarness } from "./harness";

const at = (sequence: number) => new Date(Date.UTC(2026, 0, 1, 9, 0, sequence)).toISOString();

function response(sequence: number, content = `answer ${sequence}`): ProtocolEventInput {
  return {
    sequence,
    type: "message",
    emitted_at: at(sequence),
    observed_at: at(sequence),
    data: {
      author_role: "assistant",
      message_type: "response",
      content,
      model: "claude-sonnet-4-5",
      token_usage: { input_tokens: 100, output_tokens: 10 },
    },
  };
}

describe("a batch that can never be written", () => {
  let h: WorkerHarness;
  let worker: RunningIngestWorker | undefined;

  beforeAll(async () => {
    h = await startWorkerHarness("worker-failed-batch", { inProcessWorker: false });
  });
  afterAll(async () => {
    await worker?.close();
    await h.close();
  });

  it("fails at once with its error, and the batches written with it still land", async () => {
    const id = newId();
    const other = newId();
    await h.prisma.$executeRawUnsafe(
      `ALTER TABLE messages ADD CONSTRAINT no_poison CHECK (content NOT LIKE '%POISON%')`,
    );
    // Queued before the worker starts, so the four batches of `id` are taken together and written as one.
    await enqueue(h, "mixed", id, [response(1), response(2)]);
    await enqueue(h, "mixed", id, [response(3, "POISON")]);
    await enqueue(h, "mixed", id, [response(4), response(5)]);
    await enqueue(h, "bystander", other, [response(1), response(2)]);
    await enqueue(h, "mixed", id, [response(6)]);

    const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    worker = await startIngestWorker(
      loadIngestWorkerEnv({
        DATABASE_URL: h.database.url,
        REDIS_URL: h.redis.url,
        REDIS_KEY_PREFIX: h.redis.prefix,
        WORKER_HEALTH_PORT: "0",
        LOG_LEVEL: "warn",
      }),
      createLogger({ name: "ingest-worker", level: "warn", destination: sink }),
    );

    const failed = await eventually(() =>
      h.prisma.ingestionJob.findFirst({ where: { firstSequence: 3, status: "failed" } }),
    );
    expect(failed.error).toMatch(/no_poison.*SQLSTATE 23514/);
    expect(failed.attempts).toBe(1);
    expect(failed.messagesWritten).toBe(0);

    await eventually(() => h.prisma.conversation.findFirst({ where: { id, lastEventSequence: 6 } }));
    const sequences = await h.prisma.message.findMany({
      where: { conversationId: id },
      select: { sequence: true },
      orderBy: { sequence: "asc" },
    });
    expect(sequences.map((m) => m.sequence)).toEqual([1, 2, 4, 5, 6]);
    expect(await h.prisma.message.count({ where: { conversationId: other } })).toBe(2);
    const succeeded = await h.prisma.ingestionJob.findMany({
      where: { conversationId: id, status: "succeeded" },
      orderBy: { firstSequence: "asc" },
    });
    expect(succeeded.map((job) => [job.firstSequence, job.messagesWritten])).toEqual([
      [1, 2],
      [4, 2],
      [6, 1],
    ]);

    // Not retried: BullMQ holds it as failed after one attempt.
    const queue = new Queue(QUEUE_NAMES.ingest, { connection: { url: h.redis.url }, prefix: h.redis.prefix });
    try {
      const job = await queue.getJob(
        ingestBatchJobId({ conversation_id: id, first_sequence: 3, last_sequence: 3 }),
      );
      expect(await job?.getState()).toBe("failed");
      expect(job?.attemptsMade).toBe(1);
      expect(job?.failedReason).toMatch(/can never be written: .*no_poison/);
    } finally {
      await queue.close();
    }
  });
});
