// ioredis connections for the two sides of the queues. BullMQ is handed these instances (it never reads a URL
// itself), so every connection has a name in CLIENT LIST and an error listener. A Redis Cluster gets an ioredis
// Cluster with the same role options on each node connection (decision 0070).
import { type Logger } from "@catsyphon/logger";
import { Cluster, type ClusterNode, Redis, type RedisOptions } from "ioredis";

import { loggableError } from "./errors";
import { redisHashTag } from "./names";

export type RedisRole = "producer" | "worker";

/** A connection to a single Redis or to a Redis Cluster; BullMQ and every command the apps send take either. */
export type RedisClient = Redis | Cluster;

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
  /**
   * Speak the Redis Cluster protocol (REDIS_CLUSTER): `url` is then a comma-separated list of seed nodes, and
   * `keyPrefix` (REDIS_KEY_PREFIX) must hold a hash tag, or BullMQ's scripts would fail with CROSSSLOT.
   */
  cluster?: boolean;
  keyPrefix?: string;
}

/** Thrown when a cluster connection is asked for with a key prefix whose keys would spread over the slots. */
export class ClusterKeyPrefixError extends Error {
  override readonly name = "ClusterKeyPrefixError";

  constructor(prefix: string | undefined) {
    super(
      `REDIS_KEY_PREFIX ${prefix === undefined ? "is not given" : JSON.stringify(prefix)}: a Redis Cluster needs ` +
        'a hash tag in it, such as "{catsyphon}", so every key lands in one slot (multi-key scripts fail with ' +
        "CROSSSLOT otherwise)",
    );
  }
}

/** Seed nodes and the options every node connection shares (credentials, TLS) from a list of cluster URLs. */
export function clusterSeeds(urls: string): { nodes: ClusterNode[]; nodeOptions: RedisOptions } {
  const parsed = urls.split(",").map((entry) => new URL(entry.trim()));
  const nodes = parsed.map((entry) => ({
    host: entry.hostname,
    port: entry.port === "" ? 6379 : Number(entry.port),
  }));
  // Every node of a cluster takes the same credentials; they are read from the first URL that has any.
  const withCredentials = parsed.find((entry) => entry.username !== "" || entry.password !== "");
  const nodeOptions: RedisOptions = {};
  if (withCredentials?.username) nodeOptions.username = decodeURIComponent(withCredentials.username);
  if (withCredentials?.password) nodeOptions.password = decodeURIComponent(withCredentials.password);
  if (parsed.some((entry) => entry.protocol === "rediss:")) nodeOptions.tls = {};
  return { nodes, nodeOptions };
}

/**
 * A Redis connection for producing jobs (fails fast when Redis is down) or consuming them (waits it out).
 * The caller owns it: close it with `quit()` after closing the producer or the workers that use it.
 */
export function createRedisConnection(
  url: string,
  role: RedisRole,
  options?: CreateRedisConnectionOptions & { cluster?: false },
): Redis;
export function createRedisConnection(
  url: string,
  role: RedisRole,
  options: CreateRedisConnectionOptions,
): RedisClient;
export function createRedisConnection(
  url: string,
  role: RedisRole,
  { name = "app", logger, redisOptions, cluster = false, keyPrefix }: CreateRedisConnectionOptions = {},
): RedisClient {
  const connectionName = `catsyphon:${name}:${role}`.replace(/[^A-Za-z0-9:._-]/g, "_");
  const options: RedisOptions =
    role === "producer"
      ? { ...PRODUCER_OPTIONS, ...redisOptions, connectionName }
      : { ...WORKER_OPTIONS, ...redisOptions, maxRetriesPerRequest: null, connectionName };
  let redis: RedisClient;
  if (cluster) {
    if (keyPrefix === undefined || redisHashTag(keyPrefix) === undefined)
      throw new ClusterKeyPrefixError(keyPrefix);
    const { nodes, nodeOptions } = clusterSeeds(url);
    // The offline queue is the cluster's (node connections always queue while the cluster routes), so the
    // producer's fail-fast setting moves up a level, as does auto-pipelining (a Cluster pipelines per node
    // itself); the rest stays on each node connection.
    const { enableOfflineQueue = true, enableAutoPipelining = false, ...nodeRoleOptions } = options;
    redis = new Cluster(nodes, {
      enableOfflineQueue,
      enableAutoPipelining,
      redisOptions: { ...nodeOptions, ...nodeRoleOptions },
    });
  } else {
    redis = new Redis(url, options);
  }

  // ioredis emits "error" on every failed reconnect attempt, and prints each to stderr when nobody listens (a
  // Cluster also "node error" for each of its nodes). Callers learn of failures from their commands; the log gets
  // one line per outage.
  let down = false;
  const onError = (error: Error) => {
    if (down) return;
    down = true;
    logger?.warn({ redis: connectionName, err: loggableError(error) }, "redis unavailable");
  };
  redis.on("error", onError);
  if (redis instanceof Cluster) redis.on("node error", onError);
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
const settling = new WeakMap<RedisClient, Promise<void>>();

function connectTimeoutOf(redis: RedisClient): number {
  const options = redis instanceof Cluster ? redis.options.redisOptions : redis.options;
  return options?.connectTimeout ?? 10_000;
}

/**
 * While a connection attempt is under way, waits until it succeeds, fails, or outlasts the connection's
 * connectTimeout; otherwise (ready, or between attempts during an outage) returns at once. So a fail-fast
 * producer does not fail the first requests after boot only because its socket is still opening, and still never
 * waits out an outage.
 */
export function settleConnectionAttempt(redis: RedisClient): Promise<void> {
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
      const timer = setTimeout(settle, connectTimeoutOf(redis));
      for (const event of SETTLING_EVENTS) redis.once(event, settle);
    });
    settling.set(redis, pending);
  }
  return pending;
}

/** The cluster options of `createRedisConnection` from an app's validated env (REDIS_CLUSTER, REDIS_KEY_PREFIX). */
export function redisClusterOptions(env: {
  REDIS_CLUSTER: boolean;
  REDIS_KEY_PREFIX: string;
}): Pick<CreateRedisConnectionOptions, "cluster" | "keyPrefix"> {
  return { cluster: env.REDIS_CLUSTER, keyPrefix: env.REDIS_KEY_PREFIX };
}
