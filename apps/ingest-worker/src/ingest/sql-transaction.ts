// The write path's SQL runs in one transaction on one pg connection. The helpers only need Prisma's two raw calls,
// so they take this interface, which a PrismaClient satisfies too (for the statements outside a write).
import { type Pool, type PoolClient } from "pg";

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

/** Runs `work` in a transaction: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: Pool, work: (sql: SqlRunner) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A connection whose rollback failed is broken: it leaves the pool instead of going back.
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(runnerOf(client));
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
