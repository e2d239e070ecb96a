import "server-only";
import { createPrismaClient, type PrismaClient } from "@catsyphon/db";
import { Redis } from "ioredis";
import { webEnv } from "./env";

// One Prisma client and one Redis connection per server process; kept on globalThis so a module evaluated twice
// (Next loads route bundles separately) shares them instead of opening more pools.
const shared = globalThis as typeof globalThis & {
  __catsyphonPrisma?: PrismaClient;
  __catsyphonRedis?: Redis;
};

export function prisma(): PrismaClient {
  shared.__catsyphonPrisma ??= createPrismaClient({
    databaseUrl: webEnv().DATABASE_URL,
    poolSize: webEnv().DATABASE_POOL_SIZE,
    applicationName: "catsyphon-web",
  });
  return shared.__catsyphonPrisma;
}

export function redis(): Redis {
  shared.__catsyphonRedis ??= new Redis(webEnv().REDIS_URL, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
  });
  return shared.__catsyphonRedis;
}

/** Every Redis key of the web app lives under REDIS_KEY_PREFIX, like the API's and the queues'. */
export const redisKey = (...parts: string[]) => [webEnv().REDIS_KEY_PREFIX, "web", ...parts].join(":");
