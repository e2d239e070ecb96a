import { type TaggerEnv } from "@catsyphon/config";
import { createPrismaClient } from "@catsyphon/db";
import { createLogger, type Logger } from "@catsyphon/logger";
import {
  createRedisConnection,
  openEveryQueue,
  QUEUE_NAMES,
  queueCounts,
  redisClusterOptions,
  startQueueWorker,
} from "@catsyphon/queue";
import { checkDependencies, startHealthServer } from "@catsyphon/service-runtime";

import { createTaggerMetrics } from "./http/metrics";
import { taggingSettingsOf } from "./settings";
import { pruneTagCache } from "./store/cache";
import { countActivePauses } from "./store/pause";
import { tagConversation } from "./tag-conversation";

// A tagging job holds its lock while it waits on the LLM (timeouts and Retry-After waits included).
const LOCK_DURATION_MS = 5 * 60_000;
const CACHE_PRUNE_INTERVAL_MS = 60 * 60_000;

export interface RunningTagger {
  healthUrl: string;
  llmEnabled: boolean;
  /** Stops taking jobs, lets the current ones finish, closes connections. Once. */
  close(): Promise<void>;
}

export async function startTagger(
  env: TaggerEnv,
  logger: Logger = createLogger({ name: "tagger", level: env.LOG_LEVEL }),
): Promise<RunningTagger> {
  const settings = taggingSettingsOf(env);
  if (!settings.llm) {
    logger.info("no OPENAI_BASE_URL or OPENAI_API_KEY: rule tags only (set one to add LLM tags)");
  }
  const prisma = createPrismaClient({
    databaseUrl: env.DATABASE_URL,
    poolSize: Math.min(env.DATABASE_POOL_SIZE, env.TAGGER_CONCURRENCY + 2),
    applicationName: "catsyphon-tagger",
    onConnectionError: (error) => logger.warn({ err: error }, "a connection to Postgres failed"),
  });
  const connection = createRedisConnection(env.REDIS_URL, "worker", {
    name: "tagger",
    logger,
    ...redisClusterOptions(env),
  });
  const probeConnection = createRedisConnection(env.REDIS_URL, "producer", {
    name: "tagger",
    logger,
    ...redisClusterOptions(env),
  });
  const everyQueue = openEveryQueue(probeConnection, env.REDIS_KEY_PREFIX);
  for (const queue of Object.values(everyQueue)) {
    queue.on("error", (error) => logger.warn({ err: error }, "queue error (metrics)"));
  }
  const metrics = createTaggerMetrics({
    llmEnabled: settings.llm !== undefined,
    pausedWorkspaces: () => countActivePauses(prisma).catch(() => undefined),
    queueDepths: () => queueCounts(everyQueue),
  });
  let accepting = true;

  const worker = startQueueWorker({
    queue: QUEUE_NAMES.tagging,
    connection,
    prefix: env.REDIS_KEY_PREFIX,
    concurrency: env.TAGGER_CONCURRENCY,
    logger,
    workerOptions: { lockDuration: LOCK_DURATION_MS },
    onJobSettled: metrics.jobSettled,
    handlers: {
      "tag-conversation": (job, context) =>
        tagConversation(prisma, settings, job, {
          logger: context.logger,
          metrics,
          ...(context.signal ? { signal: context.signal } : {}),
        }),
    },
  });

  const prune = setInterval(() => {
    pruneTagCache(prisma).catch((error: unknown) => logger.warn({ err: error }, "could not prune tag_cache"));
  }, CACHE_PRUNE_INTERVAL_MS);
  prune.unref();

  const health = await startHealthServer(env.TAGGER_HEALTH_PORT, {
    accepting: () => accepting,
    dependencies: () =>
      checkDependencies({
        redis: () => probeConnection.ping(),
        postgres: () => prisma.$queryRaw`SELECT 1`,
      }),
    metrics: metrics.registry,
    metricsToken: env.METRICS_TOKEN,
  });

  let closing: Promise<void> | undefined;
  return {
    healthUrl: health.url,
    llmEnabled: settings.llm !== undefined,
    close: () => {
      closing ??= (async () => {
        accepting = false;
        clearInterval(prune);
        await worker.close();
        await Promise.all(Object.values(everyQueue).map((queue) => queue.close()));
        await new Promise<void>((resolve) => health.server.close(() => resolve()));
        connection.disconnect();
        probeConnection.disconnect();
        await prisma.$disconnect();
      })();
      return closing;
    },
  };
}
