import "server-only";
// The deployment's BullMQ queues, opened once per web process on one connection of its own (fail fast: a page
// showing queue depth answers 503 while Redis is away rather than hanging), for counting, re-driving parked
// batches and enqueueing what the web app asks for (re-tagging a conversation). The offline queue is on so the
// first requests wait for the socket to open instead of failing.
import {
  createQueueProducer,
  createRedisConnection,
  openEveryQueue,
  type QueueProducer,
  type QueuesByName,
  type RedisClient,
  redisClusterOptions,
} from "@catsyphon/queue";
import { webEnv } from "./env";
import { logger } from "./logger";

const shared = globalThis as typeof globalThis & {
  __catsyphonQueueConnection?: RedisClient;
  __catsyphonQueues?: QueuesByName;
  __catsyphonProducer?: QueueProducer;
};

function queueConnection(): RedisClient {
  const env = webEnv();
  shared.__catsyphonQueueConnection ??= createRedisConnection(env.REDIS_URL, "producer", {
    name: "web-queues",
    logger: logger(),
    ...redisClusterOptions(env),
    redisOptions: { enableOfflineQueue: true },
  });
  return shared.__catsyphonQueueConnection;
}

export function queues(): QueuesByName {
  if (!shared.__catsyphonQueues) {
    const opened = openEveryQueue(queueConnection(), webEnv().REDIS_KEY_PREFIX);
    for (const queue of Object.values(opened)) {
      // Failures reach the command that met them; unheard, the event would throw.
      queue.on("error", () => undefined);
    }
    shared.__catsyphonQueues = opened;
  }
  return shared.__catsyphonQueues;
}

export function queueProducer(): QueueProducer {
  shared.__catsyphonProducer ??= createQueueProducer({
    connection: queueConnection(),
    prefix: webEnv().REDIS_KEY_PREFIX,
  });
  return shared.__catsyphonProducer;
}
