import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { MigrationList } from "@prisma/schema-engine-wasm";

const lockfileName = "migration_lock.toml";
export const migrationLockfile = `# Written by CatSyphon's migration tooling; Prisma reads it too.\nprovider = "postgresql"\n`;

/** The checked-in migrations in the form the schema engine expects (like `prisma migrate` reads them). */
export async function readMigrationList(migrationsDir: string): Promise<MigrationList> {
  const entries = existsSync(migrationsDir) ? await readdir(migrationsDir, { withFileTypes: true }) : [];
  const directories = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const lockfilePath = path.join(migrationsDir, lockfileName);
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: lockfileName,
      // A first migration has no lockfile yet; this project only ever targets Postgres.
      content: existsSync(lockfilePath) ? await readFile(lockfilePath, "utf8") : migrationLockfile,
    },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      directories.map(async (name) => {
        const file = path.join(migrationsDir, name, "migration.sql");
        const content = await readFile(file, "utf8").then(
          (text) => ({ tag: "ok" as const, value: text }),
          (error: Error) => ({ tag: "error" as const, value: error.message }),
        );
        return { path: name, migrationFile: { path: "migration.sql", content } };
      }),
    ),
  };
}
