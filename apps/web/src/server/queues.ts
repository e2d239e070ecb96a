import "server-only";
// The deployment's BullMQ queues, opened once per web process on a connection of their own (fail fast: a page
// showing queue depth answers 503 while Redis is away rather than hanging), for counting and re-driving. The
// offline queue is on so the first requests wait for the socket to open instead of failing.
import { createRedisConnection, openEveryQueue, type QueuesByName } from "@catsyphon/queue";
import { webEnv } from "./env";
import { logger } from "./logger";

const shared = globalThis as typeof globalThis & { __catsyphonQueues?: QueuesByName };

export function queues(): QueuesByName {
  if (!shared.__catsyphonQueues) {
    const connection = createRedisConnection(webEnv().REDIS_URL, "producer", {
      name: "web",
      logger: logger(),
      redisOptions: { enableOfflineQueue: true },
    });
    const opened = openEveryQueue(connection, webEnv().REDIS_KEY_PREFIX);
    for (const queue of Object.values(opened)) {
      // Failures reach the command that met them; unheard, the event would throw.
      queue.on("error", () => undefined);
    }
    shared.__catsyphonQueues = opened;
  }
  return shared.__catsyphonQueues;
}
