// Which checked-in migrations a database has not applied yet, read from `_prisma_migrations` without the schema
// engine: `pnpm db:migrate --check` (the apps' Kubernetes init containers) asks this, and changes nothing.
import { Client } from "pg";
import { poolConfigFromUrl } from "../connection-config";
import { readMigrationList } from "./migration-list";

const UNDEFINED_DATABASE = "3D000";
const UNDEFINED_TABLE = "42P01";

/** Names of the migrations in `migrationsDir` that `databaseUrl` has not finished (all of them for a new database). */
export async function pendingMigrations(options: {
  databaseUrl: string;
  migrationsDir: string;
}): Promise<string[]> {
  const list = await readMigrationList(options.migrationsDir);
  const names = list.migrationDirectories.map((directory) => directory.path);
  const client = new Client(poolConfigFromUrl(options.databaseUrl));
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    if ((error as { code?: string }).code === UNDEFINED_DATABASE) return names;
    throw error;
  }
  try {
    const applied = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Set(applied.rows.map((row) => row.migration_name));
    return names.filter((name) => !done.has(name));
  } catch (error) {
    if ((error as { code?: string }).code === UNDEFINED_TABLE) return names;
    throw error;
  } finally {
    await client.end();
  }
}
