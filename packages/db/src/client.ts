import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { poolConfigFromUrl } from "./connection-config";

export interface PrismaClientOptions {
  databaseUrl: string;
  /** Connections in this process's pool (DATABASE_POOL_SIZE). */
  poolSize: number;
  /** Shows up in pg_stat_activity, so a DBA can tell the services apart. */
  applicationName?: string;
}

/** A Prisma client on the pg driver adapter: no query-engine binary, pool size from configuration. */
export function createPrismaClient(options: PrismaClientOptions): PrismaClient {
  const adapter = new PrismaPg(
    poolConfigFromUrl(options.databaseUrl, {
      max: options.poolSize,
      application_name: options.applicationName ?? "catsyphon",
    }),
  );
  return new PrismaClient({ adapter });
}
