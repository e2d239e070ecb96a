// ioredis connections for the two sides of the queues. BullMQ is handed these instances (it never reads a URL
// itself), so every connection has a name in CLIENT LIST and an error listener.
import { type Logger } from "@catsyphon/logger";
import { Redis, type RedisOptions } from "ioredis";

import { loggableError } from "./errors";

export type RedisRole = "producer" | "worker";

/**
 * Producer (ingest API): fail fast. With the offline queue off, a command sent while Redis is down is rejected
 * at once instead of waiting for a reconnect, so the API answers 503 and the collector retries later, instead
 * of holding the request open. ioredis keeps reconnecting in the background either way.
 */
const PRODUCER_OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 2_000,
  // A command that got no reply (Redis stalled, network black hole) is abandoned; an add that Redis did apply
  // anyway is harmless, since job ids are deterministic and the retry adds nothing.
  commandTimeout: 5_000,
};

/**
 * Worker: wait out outages. BullMQ requires `maxRetriesPerRequest: null` for the blocking connection it derives
 * from this one; commands queue while Redis is away and run when it is back.
 */
const WORKER_OPTIONS: RedisOptions = {
  maxRetriesPerRequest: null,
  connectTimeout: 10_000,
};

export interface CreateRedisConnectionOptions {
  /** Who connects (service name), shown in CLIENT LIST as `catsyphon:<name>:<role>`. */
  name?: string;
  /** Receives connection errors (once per outage) and recoveries; without it they are swallowed. */
  logger?: Logger;
  /** ioredis options laid over the role's defaults (a worker's maxRetriesPerRequest stays null). */
  redisOptions?: RedisOptions;
}

/**
 * A Redis connection for producing jobs (fails fast when Redis is down) or consuming them (waits it out).
 * The caller owns it: close it with `quit()` after closing the producer or the workers that use it.
 */
export function createRedisConnection(
  url: string,
  role: RedisRole,
  { name = "app", logger, redisOptions }: CreateRedisConnectionOptions = {},
): Redis {
  const connectionName = `catsyphon:${name}:${role}`.replace(/[^A-Za-z0-9:._-]/g, "_");
  const options: RedisOptions =
    role === "producer"
      ? { ...PRODUCER_OPTIONS, ...redisOptions, connectionName }
      : { ...WORKER_OPTIONS, ...redisOptions, maxRetriesPerRequest: null, connectionName };
  const redis = new Redis(url, options);

  // ioredis emits "error" on every failed reconnect attempt, and prints each to stderr when nobody listens.
  // Callers learn of failures from their commands; the log gets one line per outage.
  let down = false;
  redis.on("error", (error: Error) => {
    if (down) return;
    down = true;
    logger?.warn({ redis: connectionName, err: loggableError(error) }, "redis unavailable");
  });
  redis.on("ready", () => {
    if (!down) return;
    down = false;
    logger?.info({ redis: connectionName }, "redis available again");
  });
  return redis;
}

// A connection attempt under way: at boot ("wait" is lazyConnect before its first command) or mid-reconnect.
const ATTEMPTING = new Set(["wait", "connecting", "connect"]);
const SETTLING_EVENTS = ["ready", "error", "close", "end"] as const;
const settling = new WeakMap<Redis, Promise<void>>();

/**
 * While a connection attempt is under way, waits until it succeeds, fails, or outlasts the connection's
 * connectTimeout; otherwise (ready, or between attempts during an outage) returns at once. So a fail-fast
 * producer does not fail the first requests after boot only because its socket is still opening, and still never
 * waits out an outage.
 */
export function settleConnectionAttempt(redis: Redis): Promise<void> {
  if (!ATTEMPTING.has(redis.status)) return Promise.resolve();
  let pending = settling.get(redis);
  if (!pending) {
    if (redis.status === "wait") redis.connect().catch(() => undefined);
    pending = new Promise<void>((resolve) => {
      const settle = () => {
        clearTimeout(timer);
        for (const event of SETTLING_EVENTS) redis.off(event, settle);
        settling.delete(redis);
        resolve();
      };
      const timer = setTimeout(settle, redis.options.connectTimeout ?? 10_000);
      for (const event of SETTLING_EVENTS) redis.once(event, settle);
    });
    settling.set(redis, pending);
  }
  return pending;
}
