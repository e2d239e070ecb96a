// The write path's SQL runs in one transaction on one pg connection. The helpers only need Prisma's two raw calls,
// so they take this interface, which a PrismaClient satisfies too (for the statements outside a write).
import { type Pool, type PoolClient } from "pg";
import { isConnectionLost } from "./write-errors";

export interface SqlRunner {
  $queryRawUnsafe<T = unknown>(sql: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number>;
}

function runnerOf(client: PoolClient): SqlRunner {
  return {
    async $queryRawUnsafe<T>(sql: string, ...values: unknown[]): Promise<T> {
      return (await client.query(sql, values)).rows as T;
    },
    async $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number> {
      return (await client.query(sql, values)).rowCount ?? 0;
    },
  };
}

/**
 * Runs `work` in a transaction: committed when it resolves, rolled back when it throws. A connection that drops
 * meanwhile fails only this transaction (Postgres rolls it back when the socket closes) and leaves the pool.
 */
export async function inTransaction<T>(pool: Pool, work: (sql: SqlRunner) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // pg emits 'error' on a checked-out client whose connection drops, and the pool listens only to idle ones:
  // unheard, the event would end the process. The query in flight is rejected as well, which is what we act on.
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken ??= error;
  };
  client.on("error", onError);
  try {
    await client.query("BEGIN");
    const result = await work(runnerOf(client));
    await client.query("COMMIT");
    return result;
  } catch (error) {
    // A lost connection cannot roll back (and a black-holed one would wait for ever): it is dropped instead.
    if (!broken && isConnectionLost(error))
      broken = error instanceof Error ? error : new Error(String(error));
    if (!broken) {
      await client.query("ROLLBACK").catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
    }
    throw error;
  } finally {
    client.removeListener("error", onError);
    // A broken connection leaves the pool instead of going back; a late 'error' from it is harmless now.
    if (broken) client.on("error", () => undefined);
    client.release(broken);
  }
}
