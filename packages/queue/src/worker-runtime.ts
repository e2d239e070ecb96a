// Runs the handlers of one queue: parses each payload with its job's schema before the handler sees it, fails
// bad jobs for good without holding up the others, logs every failure with its job context (never the payload,
// which holds user content), and shuts down once, letting running jobs finish.
import { type Logger } from "@catsyphon/logger";
import { DelayedError, type Job, Worker, type WorkerOptions } from "bullmq";
import { type RedisClient } from "./connections";

import { InvalidJobPayloadError, isUnrecoverableError, loggableError, UnrecoverableJobError } from "./errors";
import { isJobNameOf, JOB_DEFINITIONS, jobNamesOf, type JobPayload, type QueueJobName } from "./job-registry";
import { DEFAULT_QUEUE_PREFIX, type JobName, type QueueName } from "./names";

export interface JobContext {
  queue: QueueName;
  jobName: JobName;
  jobId: string;
  /** 1 on the first try, 2 on the first retry, ... (retries of `retry` included, and restarts after a stall) */
  attempt: number;
  maxAttempts: number;
  /** When the producer added the job. */
  enqueuedAt: Date;
  /** When this attempt started. */
  receivedAt: Date;
  /** Aborted when the worker loses the job's lock (another worker may take it over); pass it to long I/O. */
  signal: AbortSignal | undefined;
  /** Logger bound to the job's queue, name, id and attempt. */
  logger: Logger;
}

/**
 * Handles one job. Throw UnrecoverableJobError when retrying cannot help; any other error retries per the
 * queue's job options. The result is stored in Redis as JSON: return a small summary (counts), never content.
 */
export type JobHandler<P> = (payload: P, context: JobContext) => Promise<unknown>;

/** One handler per job name the queue carries. */
export type QueueHandlers<Q extends QueueName> = { [N in QueueJobName<Q>]: JobHandler<JobPayload<N>> };

export interface StartQueueWorkerOptions<Q extends QueueName> {
  queue: Q;
  /** A connection made with `createRedisConnection(url, "worker")`; the caller owns (and closes) it. */
  connection: RedisClient;
  /** BullMQ key prefix; must be the producer's. */
  prefix?: string;
  /** Jobs this process runs at once. */
  concurrency: number;
  logger: Logger;
  handlers: QueueHandlers<Q>;
  /** Further BullMQ worker settings (lockDuration, limiter, ...). */
  workerOptions?: Omit<WorkerOptions, "connection" | "prefix" | "concurrency" | "autorun">;
  /**
   * Retries without a last attempt: a handler error that is not unrecoverable moves the job to BullMQ's delayed
   * set for `delayMs(attempt)` ms (in Redis, so it survives any worker's restart) instead of counting against
   * the job's `attempts`. Without it, the queue's job options decide (attempts, backoff).
   */
  retry?: { delayMs(attempt: number): number };
  /** Told of every attempt's end and how long the handler ran (for a job-duration histogram). */
  onJobSettled?(settled: SettledJob): void;
}

/** One attempt of a job, as it ended: done, put back to retry later, or failed (for now or for good). */
export interface SettledJob {
  queue: QueueName;
  jobName: string;
  outcome: "completed" | "retried" | "failed";
  durationSeconds: number;
}

/** The request id a payload carries (decision 0069), for the job's log lines. */
function requestIdOf(data: unknown): string | undefined {
  const value = (data as { request_id?: unknown } | null | undefined)?.request_id;
  return typeof value === "string" ? value : undefined;
}

/** `{ request_id }` when the job has one, else nothing: log lines of jobs without one stay as they were. */
function requestIdFields(data: unknown): { request_id?: string } {
  const requestId = requestIdOf(data);
  return requestId === undefined ? {} : { request_id: requestId };
}

export interface QueueWorker {
  worker: Worker;
  /** Stops taking jobs and waits for the running ones to finish. Idempotent: later calls share the first. */
  close(): Promise<void>;
}

export function startQueueWorker<Q extends QueueName>({
  queue,
  connection,
  prefix = DEFAULT_QUEUE_PREFIX,
  concurrency,
  logger: baseLogger,
  handlers,
  workerOptions,
  retry,
  onJobSettled,
}: StartQueueWorkerOptions<Q>): QueueWorker {
  const logger = baseLogger.child({ queue });
  const jobNames = jobNamesOf(queue);
  const missing = jobNames.filter((name) => typeof handlers[name] !== "function");
  if (missing.length > 0) throw new Error(`queue "${queue}" has no handler for ${missing.join(", ")}`);
  // Each handler gets the payload its own schema produced; the map only loses that pairing in its type.
  const dispatch = handlers as unknown as Record<string, JobHandler<unknown>>;

  // Three parameters: BullMQ passes the AbortSignal only to processors that declare it.
  const processor = async (job: Job, token: string | undefined, signal: AbortSignal | undefined) => {
    const receivedAt = new Date();
    const jobId = job.id ?? "";
    if (!isJobNameOf(queue, job.name)) {
      throw new UnrecoverableJobError(
        `unknown job name "${job.name}" on queue "${queue}" (handled here: ${jobNames.join(", ")})`,
      );
    }
    const { schema } = JOB_DEFINITIONS[job.name];
    const parsed = schema.safeParse(job.data);
    if (!parsed.success) {
      const invalid = new InvalidJobPayloadError(job.name, parsed.error.issues);
      throw new UnrecoverableJobError(invalid.message, { cause: invalid });
    }
    // attemptsMade does not count retries moved to the delayed set by `retry`; attemptsStarted does.
    const attempt = Math.max(job.attemptsMade + 1, job.attemptsStarted);
    const context: JobContext = {
      queue,
      jobName: job.name,
      jobId,
      attempt,
      maxAttempts: job.opts.attempts ?? 1,
      enqueuedAt: new Date(job.timestamp),
      receivedAt,
      signal,
      logger: logger.child({ job_name: job.name, job_id: jobId, attempt, ...requestIdFields(parsed.data) }),
    };
    const handler = dispatch[job.name];
    if (!handler) throw new UnrecoverableJobError(`no handler for job "${job.name}"`);
    const settle = (outcome: SettledJob["outcome"]) =>
      onJobSettled?.({
        queue,
        jobName: job.name,
        outcome,
        durationSeconds: (Date.now() - receivedAt.getTime()) / 1000,
      });
    let result: unknown;
    try {
      result = await handler(parsed.data, context);
    } catch (error) {
      const retrying = retry !== undefined && !isUnrecoverableError(error) && token !== undefined;
      settle(retrying ? "retried" : "failed");
      if (!retrying) throw error;
      const delayMs = retry.delayMs(attempt);
      // If Redis is away this throws: the job stays active, its lock lapses and the stall check returns it.
      await job.moveToDelayed(Date.now() + delayMs, token);
      context.logger.warn(
        {
          err: error instanceof Error ? loggableError(error) : new Error(String(error)),
          retry_in_ms: delayMs,
        },
        "job attempt failed; will retry",
      );
      // Tells BullMQ the job was moved (not failed).
      throw new DelayedError();
    }
    settle("completed");
    return result;
  };

  const worker = new Worker(queue, processor, {
    ...workerOptions,
    connection,
    prefix,
    concurrency,
    autorun: true,
  });

  worker.on("failed", (job, error) => {
    const attempt = job?.attemptsMade ?? 0;
    const maxAttempts = job?.opts.attempts ?? 1;
    const willRetry = !isUnrecoverableError(error) && attempt < maxAttempts;
    const fields = {
      job_name: job?.name,
      job_id: job?.id,
      ...requestIdFields(job?.data),
      attempt,
      max_attempts: maxAttempts,
      will_retry: willRetry,
      err: loggableError(error),
    };
    if (willRetry) logger.warn(fields, "job attempt failed; will retry");
    else logger.error(fields, "job failed");
  });
  worker.on("completed", (job) => {
    logger.debug(
      {
        job_name: job.name,
        job_id: job.id,
        ...requestIdFields(job.data),
        attempt: job.attemptsMade,
        duration_ms: Date.now() - (job.processedOn ?? 0),
      },
      "job completed",
    );
  });
  worker.on("stalled", (jobId) => {
    // A worker died or blocked its event loop past the lock: the job goes back to the queue (or fails if it
    // stalled too often).
    logger.warn({ job_id: jobId }, "job stalled");
  });
  worker.on("error", (error) => {
    logger.error({ err: loggableError(error) }, "queue worker error");
  });

  let closing: Promise<void> | undefined;
  return {
    worker,
    close() {
      closing ??= worker.close().then(() => logger.info("queue worker closed"));
      return closing;
    },
  };
}
