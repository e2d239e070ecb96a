import { once } from "node:events";
import { type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { createPrismaClient, type PrismaClient } from "@catsyphon/db";
import { type IngestApiEnv } from "@catsyphon/config";
import { createLogger, type Logger } from "@catsyphon/logger";
import { registerReadiness } from "@catsyphon/metrics";
import {
  createQueueProducer,
  createRedisConnection,
  openEveryQueue,
  queueCounts,
  redisClusterOptions,
  settleConnectionAttempt,
} from "@catsyphon/queue";
import { createApp } from "./app";
import { CollectorCache } from "./auth/collector-cache";
import { ensureDefaultWorkspace } from "./bootstrap";
import { type AppContext } from "./context";
import { createApiMetrics } from "./http/metrics";
import { readiness } from "./routes/health";
import { lastSeenTracker } from "./last-seen";
import { CollectorRateLimiter } from "./rate-limit/token-bucket";
import { type PersistedSession, SessionSequencer } from "./sequencing/session-sequencer";

const DRAIN_TIMEOUT_MS = 20_000;

export interface RunningIngestApi {
  url: string;
  server: Server;
  context: AppContext;
  /** Stops accepting, lets in-flight requests finish, closes connections to Redis and Postgres. Once. */
  close(): Promise<void>;
}

/** Builds the service from its configuration and starts listening. */
export async function startIngestApi(
  env: IngestApiEnv,
  logger: Logger = createLogger({ name: "ingest-api", level: env.LOG_LEVEL }),
): Promise<RunningIngestApi> {
  const prisma = createPrismaClient({
    databaseUrl: env.DATABASE_URL,
    poolSize: env.DATABASE_POOL_SIZE,
    applicationName: "catsyphon-ingest-api",
    // The pool replaces the connection; requests that needed it answer 503 meanwhile.
    onConnectionError: (error) => logger.warn({ err: error }, "a Postgres connection failed"),
  });
  const redis = createRedisConnection(env.REDIS_URL, "producer", {
    name: "ingest-api",
    logger,
    ...redisClusterOptions(env),
  });
  const producer = createQueueProducer({ connection: redis, prefix: env.REDIS_KEY_PREFIX });
  // Rate limits and sequencing send small commands from every request; with auto-pipelining, those issued in the
  // same tick share one write (on loopback the syscalls cost more than the commands). BullMQ's own scripts do not
  // work through ioredis auto-pipelining, so the queue keeps the connection above.
  const counters = createRedisConnection(env.REDIS_URL, "producer", {
    name: "ingest-api-counters",
    logger,
    ...redisClusterOptions(env),
    redisOptions: { enableAutoPipelining: true },
  });
  const defaultWorkspaceId = await ensureDefaultWorkspace(prisma);
  // Counted for /metrics on the producer's connection, which fails fast while Redis is away.
  const everyQueue = openEveryQueue(redis, env.REDIS_KEY_PREFIX);
  for (const queue of Object.values(everyQueue)) {
    queue.on("error", (error) => logger.warn({ err: error }, "queue error (metrics)"));
  }

  const context: AppContext = {
    env,
    logger,
    prisma,
    redis,
    producer,
    auth: {
      prisma,
      adminToken: env.CATSYPHON_ADMIN_TOKEN,
      defaultWorkspaceId,
      collectors: new CollectorCache(),
      onCollectorSeen: lastSeenTracker(prisma, logger),
    },
    sequencer: new SessionSequencer(counters, env.REDIS_KEY_PREFIX, (conversationId) =>
      persistedSession(prisma, conversationId),
    ),
    rateLimiter: new CollectorRateLimiter(counters, env.REDIS_KEY_PREFIX, {
      requestsPerMinute: env.RATE_LIMIT_REQUESTS_PER_MIN,
      eventsPerMinute: env.RATE_LIMIT_EVENTS_PER_MIN,
    }),
    metrics: createApiMetrics(() => queueCounts(everyQueue)),
    lifecycle: { shuttingDown: false },
  };

  // A Redis Cluster client rejects fail-fast commands until it has the slot map: the first requests should not
  // answer 503 only because the connections are still opening (an outage is not waited out).
  await Promise.all([settleConnectionAttempt(redis), settleConnectionAttempt(counters)]);
  registerReadiness(context.metrics.registry, async () => (await readiness(context)).ready);
  const server = createApp(context).listen(env.INGEST_API_PORT);
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      context.lifecycle.shuttingDown = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS);
      await closed;
      clearTimeout(timer);
      await producer.close();
      await Promise.all(Object.values(everyQueue).map((queue) => queue.close()));
      redis.disconnect();
      counters.disconnect();
      await prisma.$disconnect();
    })();
    return closing;
  };
  return { url, server, context, close };
}

/** A session's last sequence and event identities as the worker wrote them (decision 0024). */
async function persistedSession(
  prisma: PrismaClient,
  conversationId: string,
): Promise<PersistedSession | null> {
  const rows = await prisma.$queryRaw<
    { last: number; first: number | null; identities: Uint8Array | null }[]
  >`SELECT c.last_event_sequence AS last, e.first_sequence AS first, e.identities
    FROM conversations c LEFT JOIN event_identities e ON e.conversation_id = c.id
    WHERE c.id = ${conversationId}::uuid
    ORDER BY e.first_sequence`;
  const [head] = rows;
  if (!head) return null;
  return {
    lastSequence: head.last,
    ranges: rows.flatMap((row) =>
      row.first === null || row.identities === null
        ? []
        : [{ firstSequence: row.first, identities: Buffer.from(row.identities) }],
    ),
  };
}
