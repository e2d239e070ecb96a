import "server-only";
import { createQueueProducer, createRedisConnection, type QueueProducer } from "@catsyphon/queue";

import { webEnv } from "./env";

// One producer per server process (on globalThis, as db.ts keeps its clients), for the jobs the web app asks
// for: re-tagging a conversation.
const shared = globalThis as typeof globalThis & { __catsyphonProducer?: QueueProducer };

export function queueProducer(): QueueProducer {
  shared.__catsyphonProducer ??= createQueueProducer({
    connection: createRedisConnection(webEnv().REDIS_URL, "producer"),
    prefix: webEnv().REDIS_KEY_PREFIX,
  });
  return shared.__catsyphonProducer;
}
