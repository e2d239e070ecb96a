import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { PrismaClient } from "./generated/prisma/client";
import { poolConfigFromUrl } from "./connection-config";

const CONNECT_TIMEOUT_MS = 10_000;
// How much longer than the server's statement timeout the client waits for an answer before it gives the
// connection up: past that, the server cannot answer (a network black hole), it is not just slow.
const CLIENT_TIMEOUT_MARGIN_MS = 15_000;

export interface PrismaClientOptions {
  databaseUrl: string;
  /** Connections in this process's pool (DATABASE_POOL_SIZE). */
  poolSize: number;
  /** Shows up in pg_stat_activity, so a DBA can tell the services apart. */
  applicationName?: string;
  /**
   * Receives errors of connections that dropped (idle in the pool, or inside a transaction). Without a listener
   * pg would raise them as unhandled 'error' events, which end the process; the pool replaces such connections.
   */
  onConnectionError?: (error: Error) => void;
}

/** A Prisma client on the pg driver adapter: no query-engine binary, pool size from configuration. */
export function createPrismaClient(options: PrismaClientOptions): PrismaClient {
  const onError = options.onConnectionError ?? (() => undefined);
  const adapter = new PrismaPg(
    poolConfigFromUrl(options.databaseUrl, {
      max: options.poolSize,
      application_name: options.applicationName ?? "catsyphon",
      // A server that went away without a word (network cut) is noticed instead of waited on for ever.
      keepAlive: true,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    }),
    { onPoolError: onError, onConnectionError: onError },
  );
  return new PrismaClient({ adapter });
}

export interface SqlPoolOptions extends Omit<PrismaClientOptions, "onConnectionError"> {
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
      query_timeout: options.timeoutMs + CLIENT_TIMEOUT_MARGIN_MS,
      keepAlive: true,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    }),
  );
}
