import { parseIntoClientConfig } from "pg-connection-string";
import { type PoolConfig } from "pg";

/**
 * A pg pool config with the URL split into fields. Prisma's shadow-database support copies the config and
 * overrides `database`; a `connectionString` would silently win over that override, so never pass one on.
 */
export function poolConfigFromUrl(databaseUrl: string, extra: PoolConfig = {}): PoolConfig {
  const { connectionString: _ignored, ...fields } = parseIntoClientConfig(databaseUrl) as PoolConfig;
  return { ...fields, ...extra };
}

/** The same server and credentials, another database (e.g. the `postgres` maintenance database). */
export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export function databaseName(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ""));
  if (!name)
    throw new Error("DATABASE_URL names no database (expected postgresql://user@host:port/<database>)");
  return name;
}

/** Postgres URL with the password replaced, for log lines and error messages. */
export function redactDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = "redacted";
    return url.toString();
  } catch {
    return "<invalid database url>";
  }
}
