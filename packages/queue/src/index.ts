// @catsyphon/queue: queue and job names, one zod schema per job, default job options, typed enqueue helpers
// (ingest API) and the worker runtime (ingest worker, tagger).
export { type Job, openQueue, type Queue } from "./admin";
export { type CappedBackoff, cappedBackoffDelay } from "./backoff";
export {
  ClusterKeyPrefixError,
  createRedisConnection,
  type CreateRedisConnectionOptions,
  type RedisClient,
  redisClusterOptions,
  type RedisRole,
  settleConnectionAttempt,
} from "./connections";
export {
  InvalidJobPayloadError,
  isRedisUnavailable,
  isUnrecoverableError,
  RedisUnavailableError,
  summarizeIssues,
  UnrecoverableJobError,
} from "./errors";
export {
  isJobNameOf,
  JOB_DEFINITIONS,
  jobNamesOf,
  type JobPayload,
  type JobPayloadInput,
  type QueueJobName,
} from "./job-registry";
export { DEFAULT_JOB_OPTIONS, jobOptionsFor, type JobOptionsOverrides } from "./job-options";
export * from "./jobs/complete-session";
export * from "./jobs/ingest-batch";
export * from "./jobs/request-id";
export * from "./jobs/sweep-idle-sessions";
export * from "./jobs/tag-conversation";
export * from "./names";
export { waitListKey } from "./queue-keys";
export * from "./live-events";
export {
  JobNotParkedError,
  listParkedJobs,
  type ParkedJobSummary,
  retryParkedJob,
  summarizeParkedJob,
} from "./parked-jobs";
export { parseJobPayload } from "./payload";
export {
  createQueueProducer,
  type CreateQueueProducerOptions,
  type EnqueueResult,
  type QueueProducer,
  type SequencedBatchEvent,
  type ValidatedIngestBatchInput,
} from "./producer";
export { openEveryQueue, type QueueCounts, type QueuesByName, queueCounts } from "./queue-counts";
export { parseEventBatch, type ValidatedEventBatch } from "./validated-event-batch";
export {
  type JobContext,
  type JobHandler,
  type QueueHandlers,
  type QueueWorker,
  type SettledJob,
  startQueueWorker,
  type StartQueueWorkerOptions,
} from "./worker-runtime";
