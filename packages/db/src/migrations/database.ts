import { Client } from "pg";
import { databaseName, poolConfigFromUrl, withDatabase } from "../connection-config";

/** Creates the database named in the URL when it does not exist yet (a fresh machine's first `db:migrate`). */
export async function ensureDatabaseExists(databaseUrl: string): Promise<boolean> {
  const name = databaseName(databaseUrl);
  const client = new Client(poolConfigFromUrl(withDatabase(databaseUrl, "postgres")));
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
    return true;
  } catch (error) {
    // Another process created it between the check and the create.
    if ((error as { code?: string }).code === "42P04") return false;
    throw error;
  } finally {
    await client.end();
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
