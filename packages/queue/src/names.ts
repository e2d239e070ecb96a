// Queue and job names shared by the ingest API (producer) and the workers (consumers). BullMQ keys are
// `<prefix>:<queue>:...`, so names never contain ":".

export const QUEUE_NAMES = {
  /** Event batches accepted by the ingest API (one job per batch, never one per event), and completions. */
  ingest: "ingest",
  /** Rule and LLM tagging of one conversation. */
  tagging: "tagging",
  /** Repeatable housekeeping, such as the idle-session sweeper. */
  maintenance: "maintenance",
} as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export const JOB_NAMES = {
  ingestBatch: "ingest-batch",
  completeSession: "complete-session",
  tagConversation: "tag-conversation",
  sweepIdleSessions: "sweep-idle-sessions",
} as const;
export type JobName = (typeof JOB_NAMES)[keyof typeof JOB_NAMES];

/**
 * Key prefix of every queue unless one is passed; the producer and the workers must use the same one. The braces
 * are a Redis Cluster hash tag: every key under the prefix hashes to one slot, which BullMQ's multi-key scripts
 * (and the apps' own) need there (decision 0064). Same default as REDIS_KEY_PREFIX in @catsyphon/config.
 */
export const DEFAULT_QUEUE_PREFIX = "{catsyphon}";

/**
 * The hash tag Redis Cluster hashes a key starting with `prefix` by: the text between its first "{" and the next
 * "}", when not empty (the rule of REDIS_KEY_PREFIX's check in @catsyphon/config). Undefined when there is none.
 */
export function redisHashTag(prefix: string): string | undefined {
  const open = prefix.indexOf("{");
  if (open === -1) return undefined;
  const close = prefix.indexOf("}", open + 1);
  if (close === -1 || close === open + 1) return undefined;
  return prefix.slice(open + 1, close);
}
