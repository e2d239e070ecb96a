import "server-only";
import { createPrismaClient, type PrismaClient } from "@catsyphon/db";
import { createRedisConnection, type RedisClient, redisClusterOptions } from "@catsyphon/queue";
import { webEnv } from "./env";

// One Prisma client and one Redis connection per server process; kept on globalThis so a module evaluated twice
// (Next loads route bundles separately) shares them instead of opening more pools.
const shared = globalThis as typeof globalThis & {
  __catsyphonPrisma?: PrismaClient;
  __catsyphonReadPrisma?: PrismaClient;
  __catsyphonRedis?: RedisClient;
};

/** The primary (DATABASE_URL): every write, sign-in and sessions, settings, and reads that must see a write just made. */
export function prisma(): PrismaClient {
  shared.__catsyphonPrisma ??= createPrismaClient({
    databaseUrl: webEnv().DATABASE_URL,
    poolSize: webEnv().DATABASE_POOL_SIZE,
    applicationName: "catsyphon-web",
  });
  return shared.__catsyphonPrisma;
}

/**
 * The archive's reads (conversations, messages, search, overview, projects, developers, ingestion): the replica at
 * DATABASE_READ_URL, which may lag the primary a little, or the primary itself when none is configured.
 */
export function readPrisma(): PrismaClient {
  const { DATABASE_READ_URL, DATABASE_POOL_SIZE } = webEnv();
  if (!DATABASE_READ_URL) return prisma();
  shared.__catsyphonReadPrisma ??= createPrismaClient({
    databaseUrl: DATABASE_READ_URL,
    poolSize: DATABASE_POOL_SIZE,
    applicationName: "catsyphon-web-read",
  });
  return shared.__catsyphonReadPrisma;
}

/** Both clients once each, for readiness checks and shutdown. */
export function databaseClients(): PrismaClient[] {
  const primary = prisma();
  const read = readPrisma();
  return read === primary ? [primary] : [primary, read];
}

/**
 * The web app's command connection (sign-in limits, live-event replay, readiness): fails fast once connected, while
 * the offline queue lets the first requests wait for the socket to open.
 */
export function redis(): RedisClient {
  const env = webEnv();
  shared.__catsyphonRedis ??= createRedisConnection(env.REDIS_URL, "producer", {
    name: "web",
    ...redisClusterOptions(env),
    redisOptions: { enableOfflineQueue: true },
  });
  return shared.__catsyphonRedis;
}

/** Every Redis key of the web app lives under REDIS_KEY_PREFIX, like the API's and the queues'. */
export const redisKey = (...parts: string[]) => [webEnv().REDIS_KEY_PREFIX, "web", ...parts].join(":");
