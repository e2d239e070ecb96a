// The Redis keys BullMQ keeps a queue in, from BullMQ itself, for what reads them from outside (KEDA's redis
// scaler reads the wait list's length; docs/operations.md).
import { QueueKeys } from "bullmq";
import { DEFAULT_QUEUE_PREFIX, type QueueName } from "./names";

/** The list of a queue's waiting jobs, `<prefix>:<queue>:wait`. */
export function waitListKey(queue: QueueName, prefix = DEFAULT_QUEUE_PREFIX): string {
  return new QueueKeys(prefix).toKey(queue, "wait");
}
