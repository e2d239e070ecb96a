// Offline migrations: apply the checked-in SQL (recorded in _prisma_migrations, so `prisma migrate deploy`
// agrees wherever the native engine exists) and generate new migration SQL from schema.prisma.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { ensureDatabaseExists } from "./database";
import { migrationLockfile, readMigrationList } from "./migration-list";
import { migrationsDir as defaultMigrationsDir, schemaPath as defaultSchemaPath } from "./paths";
import { openSchemaEngine, type SchemaEngine } from "./schema-engine";

export { ensureDatabaseExists, quoteIdentifier } from "./database";
export { migrationsDir, schemaPath } from "./paths";
export { pendingMigrations } from "./pending";

export interface MigrationOptions {
  databaseUrl: string;
  migrationsDir?: string;
  schemaPath?: string;
  onLog?: (line: string) => void;
}

const noFilters = { externalTables: [], externalEnums: [] };

async function withEngine<T>(
  options: MigrationOptions,
  datamodels: [string, string][] | undefined,
  run: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const engineOptions = { databaseUrl: options.databaseUrl, datamodels, onLog: options.onLog };
  const { engine, close } = await openSchemaEngine(engineOptions);
  try {
    return await run(engine);
  } finally {
    await close();
  }
}

/** Applies every migration not yet recorded in `_prisma_migrations`; returns the names it applied. */
export async function applyPendingMigrations(options: MigrationOptions): Promise<string[]> {
  await ensureDatabaseExists(options.databaseUrl);
  const migrationsList = await readMigrationList(options.migrationsDir ?? defaultMigrationsDir);
  return withEngine(options, undefined, async (engine) => {
    const result = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return result.appliedMigrationNames;
  });
}

/**
 * SQL that would bring a database built from the checked-in migrations to what schema.prisma describes;
 * empty when they agree. Replays the migrations in a temporary shadow database on the same server.
 */
export async function diffMigrationsToSchema(options: MigrationOptions): Promise<string> {
  await ensureDatabaseExists(options.databaseUrl);
  const file = options.schemaPath ?? defaultSchemaPath;
  const content = await readFile(file, "utf8");
  const migrationsList = await readMigrationList(options.migrationsDir ?? defaultMigrationsDir);
  return withEngine(options, [[file, content]], async (engine) => {
    const result = await engine.diff({
      from: { tag: "migrations", ...migrationsList },
      to: { tag: "schemaDatamodel", files: [{ path: file, content }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    const sql = result.stdout ?? "";
    return isEmptyMigration(sql) ? "" : sql;
  });
}

function isEmptyMigration(sql: string): boolean {
  return sql.replace(/^--.*$/gm, "").trim() === "";
}

/** Writes `<timestamp>_<name>/migration.sql` for the schema changes not yet in a migration; null if none. */
export async function createMigration(
  name: string,
  options: MigrationOptions & { now?: Date },
): Promise<string | null> {
  if (!/^[a-z0-9_]{1,60}$/.test(name)) {
    throw new Error(`migration name "${name}" must be 1-60 characters of a-z, 0-9 and _`);
  }
  const sql = await diffMigrationsToSchema(options);
  if (!sql) return null;
  const dir = options.migrationsDir ?? defaultMigrationsDir;
  const stamp = (options.now ?? new Date()).toISOString().replace(/\D/g, "").slice(0, 14);
  const target = path.join(dir, `${stamp}_${name}`);
  await mkdir(target, { recursive: true });
  await writeFile(path.join(target, "migration.sql"), sql);
  await writeFile(path.join(dir, "migration_lock.toml"), migrationLockfile);
  return target;
}
