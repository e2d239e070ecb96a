// Typed enqueue helpers: parse, then add under a deterministic id, then report whether the job is new. One
// exception: a batch the ingest API validated with parseEventBatch is not parsed again (see
// enqueueValidatedIngestBatch).
import { type Logger } from "@catsyphon/logger";
import { type ProtocolEvent } from "@catsyphon/protocol";
import { Queue } from "bullmq";
import { type RedisClient } from "./connections";

import { settleConnectionAttempt } from "./connections";
import { InvalidJobPayloadError, isRedisUnavailable, loggableError, RedisUnavailableError } from "./errors";
import { JOB_DEFINITIONS, type JobPayload } from "./job-registry";
import { jobOptionsFor, type JobOptionsOverrides } from "./job-options";
import { completeSessionJobId, type CompleteSessionJobInput } from "./jobs/complete-session";
import {
  eventRangeIssues,
  ingestBatchEnvelopeSchema,
  ingestBatchJobId,
  type IngestBatchJob,
  type IngestBatchJobInput,
} from "./jobs/ingest-batch";
import {
  type IdleSweepSchedule,
  resolveIdleSweepSchedule,
  upsertIdleSweepScheduler,
} from "./jobs/sweep-idle-sessions";
import { tagConversationJobId, type TagConversationJobInput } from "./jobs/tag-conversation";
import { DEFAULT_QUEUE_PREFIX, JOB_NAMES, type JobName, type QueueName } from "./names";
import { parseJobPayload } from "./payload";
import { type ValidatedEventBatch } from "./validated-event-batch";

export interface CreateQueueProducerOptions {
  /** A connection made with `createRedisConnection(url, "producer")`; the caller owns (and closes) it. */
  connection: RedisClient;
  /** BullMQ key prefix; the workers must use the same one. */
  prefix?: string;
  /** Receives queue-level errors. */
  logger?: Logger;
  /** Laid over DEFAULT_JOB_OPTIONS, per queue. */
  jobOptions?: JobOptionsOverrides;
}

export interface EnqueueResult {
  jobId: string;
  /**
   * False when a job with this id was already in Redis (a resubmitted batch): nothing was added. Advisory: two
   * identical adds racing each other may both report true; the deduplication itself is atomic in Redis.
   */
  created: boolean;
}

/**
 * An accepted range of a batch that `parseEventBatch` validated: `session_id` and the events
 * `first_sequence..last_sequence` are taken from `batch`, or, when given, from `events`: events of `batch` in
 * range order with the sequences the API gave them (an unsequenced batch, or one whose duplicates are re-sent).
 */
export interface ValidatedIngestBatchInput extends Omit<IngestBatchJobInput, "session_id" | "events"> {
  batch: ValidatedEventBatch;
  events?: readonly SequencedBatchEvent[];
}

/** An event of a validated batch with the sequence it has in the session. */
export type SequencedBatchEvent = ValidatedEventBatch["events"][number] & { sequence: number };

export interface QueueProducer {
  /** Validates and enqueues one accepted batch. Resolves once Redis has the job. */
  enqueueIngestBatch(input: IngestBatchJobInput): Promise<EnqueueResult>;
  /**
   * Enqueues the accepted range of a batch validated by `parseEventBatch` (the ingest API's hot path): only
   * the envelope fields and the range are checked, the events are not parsed again. Makes no EXISTS round trip
   * either, so it cannot tell whether the job was new; the add itself deduplicates by job id. Resolves once
   * Redis has the job.
   */
  enqueueValidatedIngestBatch(input: ValidatedIngestBatchInput): Promise<{ jobId: string }>;
  /** Validates and enqueues a session completion on the ingest queue, behind the session's batches. */
  enqueueCompleteSession(input: CompleteSessionJobInput): Promise<EnqueueResult>;
  enqueueTagConversation(input: TagConversationJobInput): Promise<EnqueueResult>;
  /** Creates or updates the repeatable idle-session sweep (one scheduler, however often it is called). */
  scheduleIdleSweep(schedule?: IdleSweepSchedule): Promise<void>;
  /** Closes the queues (idempotent); the connection stays open for its owner to close. */
  close(): Promise<void>;
}

/**
 * Throws InvalidJobPayloadError for a payload that fails its schema (nothing is added), RedisUnavailableError
 * when Redis cannot take the job (answer 503), anything else for bugs.
 */
export function createQueueProducer({
  connection,
  prefix = DEFAULT_QUEUE_PREFIX,
  logger,
  jobOptions,
}: CreateQueueProducerOptions): QueueProducer {
  const queues = new Map<QueueName, Queue>();
  let closing: Promise<void> | undefined;

  function queueFor(name: QueueName): Queue {
    if (closing) throw new Error("the queue producer is closed");
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection,
        prefix,
        defaultJobOptions: jobOptionsFor(name, jobOptions),
        // Fail fast instead of waiting for "ready" (which never comes while Redis is down). The version check
        // is skipped too: a check that fails while Redis is down would leave this Queue broken for good. The
        // workers still check the version.
        skipWaitingForReady: true,
        skipVersionCheck: true,
      });
      queue.on("error", (error: Error) => {
        logger?.warn({ queue: name, err: loggableError(error) }, "queue error");
      });
      queues.set(name, queue);
    }
    return queue;
  }

  /** Redis-down failures become RedisUnavailableError; anything else is rethrown as it is. */
  async function talkingToRedis<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      await settleConnectionAttempt(connection);
      return await run();
    } catch (error) {
      if (isRedisUnavailable(error) || connection.status !== "ready") {
        throw new RedisUnavailableError(`Redis is unavailable: could not ${operation}`, { cause: error });
      }
      throw error;
    }
  }

  /**
   * Adds the job unless one with its id is already in Redis. One EXISTS before the add tells `created` (and spares
   * a resubmitted batch shipping its payload again); the add itself deduplicates atomically, so two identical adds
   * racing past the EXISTS still leave one job (both then report `created`, which is advisory).
   */
  async function add<N extends JobName>(
    jobName: N,
    payload: JobPayload<N>,
    jobId: string,
  ): Promise<EnqueueResult> {
    const queue = queueFor(JOB_DEFINITIONS[jobName].queue);
    const jobKey = queue.toKey(jobId);
    return talkingToRedis(`enqueue ${jobName}`, async () => {
      if ((await connection.exists(jobKey)) === 1) return { jobId, created: false };
      await queue.add(jobName, payload, { jobId });
      return { jobId, created: true };
    });
  }

  return {
    async enqueueIngestBatch(input) {
      const name = JOB_NAMES.ingestBatch;
      const payload = parseJobPayload(name, JOB_DEFINITIONS[name].schema, input);
      return add(name, payload, ingestBatchJobId(payload));
    },

    async enqueueValidatedIngestBatch(input) {
      const name = JOB_NAMES.ingestBatch;
      const payload = validatedIngestBatchPayload(input);
      const jobId = ingestBatchJobId(payload);
      const queue = queueFor(JOB_DEFINITIONS[name].queue);
      await talkingToRedis(`enqueue ${name}`, () => queue.add(name, payload, { jobId }));
      return { jobId };
    },

    async enqueueCompleteSession(input) {
      const name = JOB_NAMES.completeSession;
      const payload = parseJobPayload(name, JOB_DEFINITIONS[name].schema, input);
      return add(name, payload, completeSessionJobId(payload));
    },

    async enqueueTagConversation(input) {
      const name = JOB_NAMES.tagConversation;
      const payload = parseJobPayload(name, JOB_DEFINITIONS[name].schema, input);
      return add(name, payload, tagConversationJobId(payload));
    },

    async scheduleIdleSweep(schedule) {
      const resolved = resolveIdleSweepSchedule(schedule);
      const queue = queueFor(JOB_DEFINITIONS[JOB_NAMES.sweepIdleSessions].queue);
      await talkingToRedis("schedule the idle-session sweep", () =>
        upsertIdleSweepScheduler(queue, resolved),
      );
    },

    close() {
      closing ??= Promise.all([...queues.values()].map((queue) => queue.close())).then(() => undefined);
      return closing;
    },
  };
}

/**
 * The ingest-batch payload of a validated batch's accepted range, as `ingestBatchJobSchema` would have produced it
 * (same keys, same order): the envelope is parsed, the events are the batch's own parsed events.
 */
function validatedIngestBatchPayload({
  batch,
  events: given,
  ...fields
}: ValidatedIngestBatchInput): IngestBatchJob {
  const name = JOB_NAMES.ingestBatch;
  const envelope = parseJobPayload(name, ingestBatchEnvelopeSchema, {
    ...fields,
    session_id: batch.session_id,
  });
  // The batch is sorted by sequence (eventBatchSchema checks it), so the range starts at the first event at or
  // above first_sequence; eventRangeIssues rejects a range the batch does not hold.
  const start = batch.events.findIndex((event) => (event.sequence ?? 0) >= envelope.first_sequence);
  const events: ProtocolEvent[] = given
    ? [...given]
    : start < 0
      ? []
      : batch.events
          .slice(start, start + envelope.last_sequence - envelope.first_sequence + 1)
          .map((event) => event as SequencedBatchEvent);
  const issues = eventRangeIssues(envelope.first_sequence, envelope.last_sequence, events);
  if (envelope.event_hashes !== undefined && envelope.event_hashes.length !== events.length * 32) {
    issues.push({ path: ["event_hashes"], message: "must hold one hash per event", input: events.length });
  }
  if (issues.length > 0) {
    throw new InvalidJobPayloadError(
      name,
      issues.map((issue) => ({ ...issue, code: "custom" as const })),
    );
  }
  return { ...envelope, events };
}
