// One migrated template database per migration set, shared by every test file of every package: it is built
// once (under an advisory lock, since Turborepo runs several Jest processes at once) and reused while the
// migrations are unchanged. Each test file then clones it, which takes milliseconds instead of a migration run.
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { childProcessEnv, testEnv } from "./env";
import { quoteIdentifier, withAdminClient, withDatabase } from "./postgres";
import { repoRoot } from "./repo";

const TEMPLATE_LOCK_KEY = 72_707_370;
const templatePrefix = "catsyphon_tpl_";
const KEPT_TEMPLATES = 4;

function migrationsDigest(): string {
  const migrationsDir = path.join(repoRoot(), "prisma", "migrations");
  const hash = createHash("sha256");
  for (const name of readdirSync(migrationsDir).sort()) {
    const file = path.join(migrationsDir, name, "migration.sql");
    if (!statSync(path.join(migrationsDir, name)).isDirectory()) continue;
    hash.update(name).update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 16);
}

export function templateDatabaseName(): string {
  return templatePrefix + migrationsDigest();
}

function migrate(databaseUrl: string): void {
  const root = repoRoot();
  const tsxCli = require.resolve("tsx/cli");
  const result = spawnSync(process.execPath, [tsxCli, path.join(root, "packages/db/src/cli/migrate.ts")], {
    cwd: root,
    env: childProcessEnv({ DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" }),
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`migrating the test template database failed:\n${result.stdout}\n${result.stderr}`);
  }
}

/** Makes sure the template for the current migrations exists; returns its name. */
export async function ensureTemplateDatabase(): Promise<string> {
  const name = templateDatabaseName();
  const adminUrl = testEnv.TEST_DATABASE_URL;
  await withAdminClient(adminUrl, async (client) => {
    await client.query("SELECT pg_advisory_lock($1)", [TEMPLATE_LOCK_KEY]);
    try {
      const existing = await client.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE $1 AND datname NOT LIKE '%\\_building' ORDER BY oid DESC",
        [`${templatePrefix}%`],
      );
      const names = existing.rows.map((row) => row.datname);
      if (names.includes(name)) return;
      // Templates of older migration sets are of no further use, but the newest few stay: checkouts of other
      // branches (git worktrees) on the same server may be cloning theirs right now.
      for (const stale of names.slice(KEPT_TEMPLATES - 1)) {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(stale)} WITH (FORCE)`);
      }
      // Build under a temporary name and rename at the end, so a half-built template is never used.
      const building = `${name}_building`;
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(building)} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${quoteIdentifier(building)}`);
      migrate(withDatabase(adminUrl, building));
      await client.query(`ALTER DATABASE ${quoteIdentifier(building)} RENAME TO ${quoteIdentifier(name)}`);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [TEMPLATE_LOCK_KEY]);
    }
  });
  return name;
}
