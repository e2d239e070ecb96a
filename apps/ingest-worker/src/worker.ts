import { type IngestWorkerEnv } from "@catsyphon/config";
import { createPrismaClient, createSqlPool } from "@catsyphon/db";
import { createLogger, type Logger } from "@catsyphon/logger";
import {
  cappedBackoffDelay,
  createQueueProducer,
  createRedisConnection,
  openEveryQueue,
  openQueue,
  QUEUE_NAMES,
  queueCounts,
  redisClusterOptions,
  RedisUnavailableError,
  startQueueWorker,
  UnrecoverableJobError,
} from "@catsyphon/queue";
import { checkDependencies, startHealthServer } from "@catsyphon/service-runtime";
import { createWorkerMetrics } from "./http/metrics";
import { applyBatches, type BatchResult, type TakenBatch, type WriteResult } from "./ingest/apply-batch";
import { completeSession } from "./ingest/complete-session";
import { ConversationWriteQueue } from "./ingest/conversation-write-queue";
import { sweepIdleSessions } from "./ingest/idle-sweeper";
import { storableJob } from "./ingest/storable";
import { recordFailedJob } from "./ingest/ingestion-jobs";
import { describeWriteError, isPermanentWriteError, isTransientWriteError } from "./ingest/write-errors";
import { liveEventPublisher } from "./live-events";
import { loadPriceTable } from "./pricing/price-table";

/** How long a starting worker waits for Redis to accept its first command. */
const STARTUP_REDIS_WAIT_MS = 30_000;

// Bounds one transaction (and the arrays sent with it); a backlog drains in writes of about this size.
const MAX_EVENTS_PER_WRITE = 2_000;
// A statement (or a transaction left idle) running this long is ended by Postgres and the write retried: a stuck
// connection must not hold a conversation's lock for ever.
const WRITE_TIMEOUT_MS = 120_000;
// Stalls (a worker killed, or cut off from Redis past its lock) a job may go through before BullMQ fails it;
// BullMQ's default of 1 would park a batch that met two Redis outages, though nothing is wrong with it.
const MAX_STALLS = 20;

/** The request id to hand on to a job this one causes (decision 0069), when it has one. */
function requestIdOf(job: { request_id?: string | undefined } | undefined): { request_id?: string } {
  return job?.request_id === undefined ? {} : { request_id: job.request_id };
}

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
    onConnectionError: (error) => logger.warn({ err: error }, "a connection to Postgres failed"),
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
  const connection = createRedisConnection(env.REDIS_URL, "worker", {
    name: "ingest-worker",
    logger,
    ...redisClusterOptions(env),
  });
  // Enqueueing (tagging), publishing, metrics and the readiness probe use their own connection, which fails fast
  // while Redis is away: the worker's blocks on the queue and would wait.
  const producerConnection = createRedisConnection(env.REDIS_URL, "producer", {
    name: "ingest-worker",
    logger,
    ...redisClusterOptions(env),
  });
  const producer = createQueueProducer({
    connection: producerConnection,
    prefix: env.REDIS_KEY_PREFIX,
    logger,
  });
  const live = liveEventPublisher(producerConnection, {
    prefix: env.REDIS_KEY_PREFIX,
    maxLength: env.LIVE_EVENTS_MAX_LENGTH,
    logger,
  });
  // Counts the parked jobs for /metrics (the failed set is the queue's, shared by every replica).
  const ingestQueue = openQueue(QUEUE_NAMES.ingest, producerConnection, env.REDIS_KEY_PREFIX);
  ingestQueue.on("error", (error) => logger.warn({ err: error }, "ingest queue error"));
  const everyQueue = openEveryQueue(producerConnection, env.REDIS_KEY_PREFIX);
  for (const queue of Object.values(everyQueue)) {
    queue.on("error", (error) => logger.warn({ err: error }, "queue error (metrics)"));
  }
  const metrics = createWorkerMetrics({
    parkedJobs: () => ingestQueue.getFailedCount().catch(() => undefined),
    queueDepths: () => queueCounts(everyQueue),
  });
  let accepting = true;

  /**
   * Writes batches of one conversation together. When that fails for a reason of the data (or an unknown one),
   * each is written alone, so the good ones land and only a bad one fails; a batch that can never be written is
   * parked. A lost connection or an unavailable database fails them all, to be retried later (decision 0022).
   */
  const writeBatches = async (batches: TakenBatch[]): Promise<PromiseSettledResult<BatchResult>[]> => {
    let written: WriteResult;
    const stopWriteTimer = metrics.writeDuration.startTimer();
    try {
      written = await applyBatches(writePool, batches, prices);
      stopWriteTimer({ outcome: "committed" });
    } catch (error) {
      stopWriteTimer({ outcome: "failed" });
      const transient = isTransientWriteError(error);
      if (batches.length > 1 && !transient) {
        const outcomes: PromiseSettledResult<BatchResult>[] = [];
        for (const batch of batches) outcomes.push(...(await writeBatches([batch])));
        return outcomes;
      }
      const [batch] = batches;
      if (batch && !transient && isPermanentWriteError(error)) {
        const description = describeWriteError(error);
        await recordFailedJob(prisma, batch, description).catch((recordError: unknown) =>
          logger.warn({ err: recordError }, "could not record a parked batch"),
        );
        metrics.batchesParked.inc();
        await live.batchParked({
          workspaceId: batch.job.workspace_id,
          jobId: batch.queueJobId,
          conversationId: batch.job.conversation_id,
          sessionId: batch.job.session_id,
          error: description,
        });
        const reason = new UnrecoverableJobError(`the batch can never be written: ${description}`, {
          cause: error,
        });
        return [{ status: "rejected", reason }];
      }
      metrics.batchesRetried.inc(batches.length);
      return batches.map(() => ({ status: "rejected", reason: error }));
    }
    metrics.batchesWritten.inc(batches.length);
    countRowsWritten(written);
    const [first] = batches;
    if (first && written.endedAt) {
      // The job id derives from the end event's time, so a retried batch adds no second tagging job.
      await producer.enqueueTagConversation({
        workspace_id: first.job.workspace_id,
        conversation_id: first.job.conversation_id,
        reason: "session_end",
        requested_at: written.endedAt,
        ...requestIdOf(batches.findLast((batch) => batch.job.request_id !== undefined)?.job),
      });
    }
    // After the commit (applyBatches returned): a dashboard that refetches on this event sees the rows.
    if (first)
      await live.conversationWritten(first.job.workspace_id, first.job.conversation_id, written.conversation);
    return written.batches.map((value) => ({ status: "fulfilled", value }));
  };
  const countRowsWritten = (written: WriteResult) => {
    let messages = 0;
    let files = 0;
    for (const batch of written.batches) {
      messages += batch.messagesWritten;
      files += batch.filesWritten;
    }
    metrics.rowsWritten.inc({ table: "messages" }, messages);
    metrics.rowsWritten.inc({ table: "files_touched" }, files);
    metrics.rowsWritten.inc({ table: "conversations" }, written.conversation.created ? 1 : 0);
  };
  const writes = new ConversationWriteQueue<TakenBatch>({
    writers: env.WORKER_CONCURRENCY,
    maxEventsPerWrite: MAX_EVENTS_PER_WRITE,
    conversationOf: (batch) => batch.job.conversation_id,
    eventsOf: (batch) => batch.job.events.length,
    write: writeBatches,
  });

  const backoff = { baseMs: env.WORKER_RETRY_BASE_MS, maxMs: env.WORKER_RETRY_MAX_MS };
  const worker = startQueueWorker({
    queue: QUEUE_NAMES.ingest,
    connection,
    prefix: env.REDIS_KEY_PREFIX,
    // Waiting batches cost memory only; the writes above bound the database work.
    concurrency: Math.max(env.WORKER_BATCHES_IN_FLIGHT, env.WORKER_CONCURRENCY),
    logger,
    // Everything but a permanent error is retried with a capped backoff and no last attempt: a 202 is applied
    // once Postgres is back, however long it was away. The job waits in Redis's delayed set meanwhile.
    retry: { delayMs: (attempt) => cappedBackoffDelay(backoff, attempt) },
    workerOptions: { maxStalledCount: MAX_STALLS },
    onJobSettled: metrics.jobSettled,
    handlers: {
      "ingest-batch": (job, context) =>
        writes.submit({
          // Values no column can hold are moved aside first (decision 0023), so they never fail the batch.
          job: storableJob(job),
          queueJobId: context.jobId,
          attempt: context.attempt,
          takenAt: new Date(),
        }),
      "complete-session": async (job, context) => {
        const completed = await completeSession(prisma, job).catch(async (error: unknown) => {
          if (!isPermanentWriteError(error)) throw error;
          metrics.batchesParked.inc();
          await live.batchParked({
            workspaceId: job.workspace_id,
            jobId: context.jobId,
            conversationId: job.conversation_id,
            sessionId: job.session_id,
            error: describeWriteError(error),
          });
          throw new UnrecoverableJobError(
            `the completion can never be applied: ${describeWriteError(error)}`,
            {
              cause: error,
            },
          );
        });
        await producer.enqueueTagConversation({
          workspace_id: job.workspace_id,
          conversation_id: job.conversation_id,
          reason: "session_end",
          requested_at: job.requested_at,
          ...requestIdOf(job),
        });
        await live.conversationWritten(job.workspace_id, job.conversation_id, {
          created: false,
          status: completed.status,
          parentConversationId: completed.parent_conversation_id,
          lastSequence: completed.last_event_sequence,
        });
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
    onJobSettled: metrics.jobSettled,
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
  // At boot the producer's socket may still be opening (a loaded machine, Redis restarting beside us): wait for it
  // a while instead of exiting at once; an outage that outlasts the wait still fails the start, loudly.
  const scheduleDeadline = Date.now() + STARTUP_REDIS_WAIT_MS;
  for (;;) {
    try {
      await producer.scheduleIdleSweep();
      break;
    } catch (error) {
      if (!(error instanceof RedisUnavailableError) || Date.now() >= scheduleDeadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  // Re-created periodically as well: a Redis flush or restart drops the scheduler, and a worker that only
  // created it at start would leave sessions open until its next restart. Upserting the same id is idempotent.
  const reassertSweep = setInterval(() => {
    producer
      .scheduleIdleSweep()
      .catch((error: unknown) => logger.warn({ err: error }, "could not re-create the idle sweep schedule"));
  }, env.IDLE_SWEEP_REASSERT_MS);
  reassertSweep.unref();

  const health = await startHealthServer(env.WORKER_HEALTH_PORT, {
    accepting: () => accepting,
    dependencies: () =>
      checkDependencies({
        redis: () => producerConnection.ping(),
        postgres: () => prisma.$queryRaw`SELECT 1`,
      }),
    metrics: metrics.registry,
    metricsToken: env.METRICS_TOKEN,
  });

  let closing: Promise<void> | undefined;
  return {
    healthUrl: health.url,
    close: () => {
      closing ??= (async () => {
        accepting = false;
        clearInterval(reassertSweep);
        await Promise.all([worker.close(), maintenance.close()]);
        await producer.close();
        await ingestQueue.close();
        await Promise.all(Object.values(everyQueue).map((queue) => queue.close()));
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
