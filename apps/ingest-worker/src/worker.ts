import { type IngestWorkerEnv } from "@catsyphon/config";
import { createPrismaClient } from "@catsyphon/db";
import { createLogger, type Logger } from "@catsyphon/logger";
import { createQueueProducer, createRedisConnection, QUEUE_NAMES, startQueueWorker } from "@catsyphon/queue";
import { checkDependencies } from "@catsyphon/service-runtime";
import { startHealthServer } from "./http/health-server";
import { applyBatch } from "./ingest/apply-batch";
import { completeSession } from "./ingest/complete-session";
import { sweepIdleSessions } from "./ingest/idle-sweeper";
import { recordIngestionJob } from "./ingest/ingestion-jobs";
import { noticePublisher } from "./notices";
import { loadPriceTable } from "./pricing/price-table";

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

  const worker = startQueueWorker({
    queue: QUEUE_NAMES.ingest,
    connection,
    prefix: env.REDIS_KEY_PREFIX,
    concurrency: env.WORKER_CONCURRENCY,
    logger,
    handlers: {
      "ingest-batch": async (job, context) => {
        const startedAt = new Date();
        try {
          const result = await applyBatch(prisma, job, prices);
          if (result.endedAt) {
            // The job id derives from the end event's time, so a retried batch adds no second tagging job.
            await producer.enqueueTagConversation({
              workspace_id: job.workspace_id,
              conversation_id: job.conversation_id,
              reason: "session_end",
              requested_at: result.endedAt,
            });
          }
          await publish({
            workspace_id: job.workspace_id,
            conversation_id: job.conversation_id,
            last_sequence: job.last_sequence,
          }).catch((error: unknown) =>
            logger.warn({ err: error }, "could not publish a conversation notice"),
          );
          await recordIngestionJob(prisma, job, {
            queueJobId: context.jobId,
            attempt: context.attempt,
            status: "succeeded",
            messagesWritten: result.messagesWritten,
            filesWritten: result.filesWritten,
            unknownModels: result.unknownModels,
            startedAt,
          });
          return result;
        } catch (error) {
          await recordIngestionJob(prisma, job, {
            queueJobId: context.jobId,
            attempt: context.attempt,
            status: "failed",
            messagesWritten: 0,
            filesWritten: 0,
            unknownModels: 0,
            startedAt,
            error: error instanceof Error ? error.message : String(error),
          }).catch(() => undefined);
          throw error;
        }
      },
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
      })();
      return closing;
    },
  };
}
