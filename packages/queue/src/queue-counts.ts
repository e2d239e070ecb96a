// Depth of each queue for the dashboard's ingestion page. Counts are of the deployment's queues (every workspace
// shares them); parked = BullMQ's failed set (jobs are kept there until re-driven).
import { type Queue } from "bullmq";
import { type RedisClient } from "./connections";
import { openQueue } from "./admin";
import { QUEUE_NAMES, type QueueName } from "./names";

export interface QueueCounts {
  name: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  /** Parked: failed for good, waiting for someone to re-drive them. */
  failed: number;
}

export type QueuesByName = Record<QueueName, Queue>;

/** Every queue of the deployment on one connection (a reader's: counting and re-driving, never consuming). */
export function openEveryQueue(connection: RedisClient, prefix: string): QueuesByName {
  return {
    ingest: openQueue(QUEUE_NAMES.ingest, connection, prefix),
    tagging: openQueue(QUEUE_NAMES.tagging, connection, prefix),
    maintenance: openQueue(QUEUE_NAMES.maintenance, connection, prefix),
  };
}

export async function queueCounts(queues: QueuesByName): Promise<QueueCounts[]> {
  return Promise.all(
    (Object.entries(queues) as [QueueName, Queue][]).map(async ([name, queue]) => {
      // Prioritized jobs wait as well; BullMQ keeps them in a set of their own.
      const counts = await queue.getJobCounts("waiting", "prioritized", "active", "delayed", "failed");
      return {
        name,
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
      };
    }),
  );
}
