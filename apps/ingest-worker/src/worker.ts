import { type IngestWorkerEnv } from "@catsyphon/config";
import { createPrismaClient, createSqlPool } from "@catsyphon/db";
import { createLogger, type Logger } from "@catsyphon/logger";
import {
  createQueueProducer,
  createRedisConnection,
  QUEUE_NAMES,
  startQueueWorker,
  UnrecoverableJobError,
} from "@catsyphon/queue";
import { checkDependencies } from "@catsyphon/service-runtime";
import { startHealthServer } from "./http/health-server";
import { applyBatches, type BatchResult, type TakenBatch, type WriteResult } from "./ingest/apply-batch";
import { completeSession } from "./ingest/complete-session";
import { ConversationWriteQueue } from "./ingest/conversation-write-queue";
import { sweepIdleSessions } from "./ingest/idle-sweeper";
import { recordFailedJob } from "./ingest/ingestion-jobs";
import { describeWriteError, isPermanentWriteError } from "./ingest/write-errors";
import { noticePublisher } from "./notices";
import { loadPriceTable } from "./pricing/price-table";

// Bounds one transaction (and the arrays sent with it); a backlog drains in writes of about this size.
const MAX_EVENTS_PER_WRITE = 2_000;
// A statement (or a transaction left idle) running this long is ended by Postgres and the write retried: a stuck
// connection must not hold a conversation's lock for ever.
const WRITE_TIMEOUT_MS = 120_000;

export interface RunningIngestWorker {
  healthUrl: string;
  /** Stops taking jobs, lets the current batches finish, closes connections. Once. */
  close(): Promise<void>;
}

export async function startIngestWorker(
  env: IngestWorkerEnv,
  logger: Logger = createLogger({ name: "ingest-worker", level: env.LOG_LEVEL }),
): Promise<RunningIngestWorker> {
  const prices = loadPriceTable(env.PRICE_TABLE_FILE);
  const prisma = createPrismaClient({
    databaseUrl: env.DATABASE_URL,
    poolSize: env.DATABASE_POOL_SIZE,
    applicationName: "catsyphon-ingest-worker",
  });
  // The writes (the hot path) run their own SQL on a plain pg pool, one connection per conversation written at once.
  const writePool = createSqlPool({
    databaseUrl: env.DATABASE_URL,
    poolSize: env.WORKER_CONCURRENCY,
    applicationName: "catsyphon-ingest-worker-writes",
    timeoutMs: WRITE_TIMEOUT_MS,
  });
  // An idle connection the server dropped: pg reports it here (unhandled, it would end the process); the pool
  // replaces it on the next write.
  writePool.on("error", (error) => logger.warn({ err: error }, "a write connection to Postgres failed"));
  const connection = createRedisConnection(env.REDIS_URL, "worker");
  // Enqueueing (tagging) and publishing use their own connection: the worker's blocks on the queue.
  const producerConnection = createRedisConnection(env.REDIS_URL, "producer");
  const producer = createQueueProducer({
    connection: producerConnection,
    prefix: env.REDIS_KEY_PREFIX,
    logger,
  });
  const publish = noticePublisher(producerConnection, env.REDIS_KEY_PREFIX);
  let accepting = true;

  /** Writes batches of one conversation together; when that fails, each alone, so one bad batch fails alone. */
  const writeBatches = async (batches: TakenBatch[]): Promise<PromiseSettledResult<BatchResult>[]> => {
    let written: WriteResult;
    try {
      written = await applyBatches(writePool, batches, prices);
    } catch (error) {
      if (batches.length > 1) {
        const outcomes: PromiseSettledResult<BatchResult>[] = [];
        for (const batch of batches) outcomes.push(...(await writeBatches([batch])));
        return outcomes;
      }
      const [batch] = batches;
      const description = describeWriteError(error);
      if (batch) {
        await recordFailedJob(prisma, batch, description).catch((recordError: unknown) =>
          logger.warn({ err: recordError }, "could not record a failed batch"),
        );
      }
      const reason = isPermanentWriteError(error)
        ? new UnrecoverableJobError(`the batch can never be written: ${description}`, { cause: error })
        : error;
      return [{ status: "rejected", reason }];
    }
    const [first] = batches;
    if (first && written.endedAt) {
      // The job id derives from the end event's time, so a retried batch adds no second tagging job.
      await producer.enqueueTagConversation({
        workspace_id: first.job.workspace_id,
        conversation_id: first.job.conversation_id,
        reason: "session_end",
        requested_at: written.endedAt,
      });
    }
    if (first) {
      await publish({
        workspace_id: first.job.workspace_id,
        conversation_id: first.job.conversation_id,
        last_sequence: written.lastSequence,
      }).catch((error: unknown) => logger.warn({ err: error }, "could not publish a conversation notice"));
    }
    return written.batches.map((value) => ({ status: "fulfilled", value }));
  };
  const writes = new ConversationWriteQueue<TakenBatch>({
    writers: env.WORKER_CONCURRENCY,
    maxEventsPerWrite: MAX_EVENTS_PER_WRITE,
    conversationOf: (batch) => batch.job.conversation_id,
    eventsOf: (batch) => batch.job.events.length,
    write: writeBatches,
  });

  const worker = startQueueWorker({
    queue: QUEUE_NAMES.ingest,
    connection,
    prefix: env.REDIS_KEY_PREFIX,
    // Waiting batches cost memory only; the writes above bound the database work.
    concurrency: Math.max(env.WORKER_BATCHES_IN_FLIGHT, env.WORKER_CONCURRENCY),
    logger,
    handlers: {
      "ingest-batch": (job, context) =>
        writes.submit({ job, queueJobId: context.jobId, attempt: context.attempt, takenAt: new Date() }),
      "complete-session": async (job) => {
        await completeSession(prisma, job);
        await producer.enqueueTagConversation({
          workspace_id: job.workspace_id,
          conversation_id: job.conversation_id,
          reason: "session_end",
          requested_at: job.requested_at,
        });
        await publish({
          workspace_id: job.workspace_id,
          conversation_id: job.conversation_id,
          last_sequence: job.up_to_sequence,
          status: "completed",
        }).catch((error: unknown) => logger.warn({ err: error }, "could not publish a conversation notice"));
      },
    },
  });

  // The sweeper runs on the maintenance queue; every replica upserts the one scheduler, so it ticks once a minute.
  const maintenance = startQueueWorker({
    queue: QUEUE_NAMES.maintenance,
    connection,
    prefix: env.REDIS_KEY_PREFIX,
    concurrency: 1,
    logger,
    handlers: {
      "sweep-idle-sessions": async (job) => {
        const swept = await sweepIdleSessions(prisma, job.idle_minutes ?? env.SESSION_IDLE_MINUTES);
        for (const session of swept) {
          await producer.enqueueTagConversation({
            workspace_id: session.workspace_id,
            conversation_id: session.id,
            reason: "idle_timeout",
            requested_at: session.last_activity_at.toISOString(),
          });
        }
        if (swept.length > 0) logger.info({ closed: swept.length }, "closed idle sessions");
        return { closed: swept.length };
      },
    },
  });
  await producer.scheduleIdleSweep();

  const health = await startHealthServer(env.WORKER_HEALTH_PORT, {
    accepting: () => accepting,
    dependencies: () =>
      checkDependencies({ redis: () => connection.ping(), postgres: () => prisma.$queryRaw`SELECT 1` }),
  });

  let closing: Promise<void> | undefined;
  return {
    healthUrl: health.url,
    close: () => {
      closing ??= (async () => {
        accepting = false;
        await Promise.all([worker.close(), maintenance.close()]);
        await producer.close();
        await new Promise<void>((resolve) => health.server.close(() => resolve()));
        connection.disconnect();
        producerConnection.disconnect();
        await prisma.$disconnect();
        await writePool.end();
      })();
      return closing;
    },
  };
}
