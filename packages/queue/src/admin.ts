// A plain BullMQ Queue of one of our queues, for what the typed producer does not do: counting and listing the
// failed (parked) jobs, and re-driving them (the ingest worker's /metrics and its `failed` command).
import { Queue } from "bullmq";
import { type RedisClient } from "./connections";

import { DEFAULT_QUEUE_PREFIX, type QueueName } from "./names";

export { type Job, type Queue } from "bullmq";

export function openQueue(name: QueueName, connection: RedisClient, prefix = DEFAULT_QUEUE_PREFIX): Queue {
  // Fail fast while Redis is away instead of waiting for "ready" (see the producer).
  return new Queue(name, { connection, prefix, skipWaitingForReady: true, skipVersionCheck: true });
}
