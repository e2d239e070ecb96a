import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { PrismaClient } from "./generated/prisma/client";
import { poolConfigFromUrl } from "./connection-config";

export interface PrismaClientOptions {
  databaseUrl: string;
  /** Connections in this process's pool (DATABASE_POOL_SIZE). */
  poolSize: number;
  /** Shows up in pg_stat_activity, so a DBA can tell the services apart. */
  applicationName?: string;
  /**
   * Told about a pooled connection that failed (Postgres restarted, the network dropped it). The adapter already
   * keeps such errors from ending the process and replaces the connection; this is for logging them.
   */
  onConnectionError?: (error: Error) => void;
}

/** A Prisma client on the pg driver adapter: no query-engine binary, pool size from configuration. */
export function createPrismaClient(options: PrismaClientOptions): PrismaClient {
  const adapter = new PrismaPg(
    poolConfigFromUrl(options.databaseUrl, {
      max: options.poolSize,
      application_name: options.applicationName ?? "catsyphon",
    }),
    { onPoolError: options.onConnectionError, onConnectionError: options.onConnectionError },
  );
  return new PrismaClient({ adapter });
}

export interface SqlPoolOptions extends PrismaClientOptions {
  /** Longest a statement may run, and a transaction may sit idle, before Postgres ends it (ms). */
  timeoutMs: number;
}

/**
 * A plain pg pool on the same server, for a hot path that sends its own SQL (the ingest worker's writes): Prisma's
 * raw queries serialize every parameter to JSON and back before the driver sees them.
 */
export function createSqlPool(options: SqlPoolOptions): Pool {
  return new Pool(
    poolConfigFromUrl(options.databaseUrl, {
      max: options.poolSize,
      application_name: options.applicationName ?? "catsyphon",
      statement_timeout: options.timeoutMs,
      idle_in_transaction_session_timeout: options.timeoutMs,
    }),
  );
}
