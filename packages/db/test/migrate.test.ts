import { afterAll, describe, expect, it } from "@jest/globals";
import { eventually, testEnv } from "@catsyphon/testing";
import { runDbCli, runDbCliInBackground, sql, unusedDatabase } from "./helpers";

// Every table of DESIGN.md section 3 (plus user_sessions for dashboard logins).
const expectedTables = [
  "analysis_runs",
  "api_tokens",
  "collector_configs",
  "conversation_rollups",
  "conversations",
  "day_rollups",
  "developers",
  "epochs",
  "event_identities",
  "files_touched",
  "ingestion_jobs",
  "invitations",
  "memberships",
  "message_raw_data",
  "messages",
  "projects",
  "share_link_views",
  "share_links",
  "tag_cache",
  "tagger_pauses",
  "tool_day_rollups",
  "tool_rollups",
  "total_rollups",
  "user_sessions",
  "users",
  "workspace_rollups",
  "workspaces",
];

async function schemaSnapshot(url: string) {
  return sql<{ table_name: string; column_name: string; data_type: string }>(
    url,
    `SELECT table_name, column_name, data_type FROM information_schema.columns
     WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
  );
}

describe("pnpm db:migrate", () => {
  const target = unusedDatabase("migrate");
  afterAll(() => target.drop());

  it("creates the database and every table with snake_case columns, and a second run changes nothing", async () => {
    const first = runDbCli("migrate.ts", { DATABASE_URL: target.url });
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/applied \d{14}_init/);

    const tables = await sql<{ tablename: string }>(
      target.url,
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1",
    );
    expect(tables.map((t) => t.tablename)).toEqual(expectedTables);

    const columns = await schemaSnapshot(target.url);
    const notSnakeCase = columns.filter((c) => !/^[a-z][a-z0-9_]*$/.test(c.column_name));
    expect(notSnakeCase).toEqual([]);
    const conversationColumns = columns
      .filter((c) => c.table_name === "conversations")
      .map((c) => c.column_name);
    expect(conversationColumns).toEqual(
      expect.arrayContaining([
        "workspace_id",
        "collector_session_id",
        "last_event_sequence",
        "parent_conversation_id",
        "extra_data",
        "tags",
      ]),
    );

    // Indexes schema.prisma cannot express (an extension operator class over an expression, a partial expression
    // index): the drift check cannot see them, so this one checks that the migrations make them.
    const rawIndexes = await sql<{ indexname: string; indexdef: string }>(
      target.url,
      `SELECT indexname, indexdef FROM pg_indexes
       WHERE indexname IN ('messages_search_trgm_idx', 'messages_tool_call_use_id_idx') ORDER BY 1`,
    );
    expect(rawIndexes.map((index) => index.indexname)).toEqual([
      "messages_search_trgm_idx",
      "messages_tool_call_use_id_idx",
    ]);
    expect(rawIndexes[0]?.indexdef).toMatch(/USING gin .*gin_trgm_ops/);

    const second = runDbCli("migrate.ts", { DATABASE_URL: target.url });
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/already up to date/);
    expect(await schemaSnapshot(target.url)).toEqual(columns);
    const recorded = await sql<{ migration_name: string; finished: boolean }>(
      target.url,
      "SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations",
    );
    expect(recorded.length).toBeGreaterThan(0);
    expect(recorded.every((row) => row.finished)).toBe(true);
    expect(new Set(recorded.map((row) => row.migration_name)).size).toBe(recorded.length);
  });

  it("enforces the unique keys the worker's idempotency relies on", async () => {
    const indexes = await sql<{ indexname: string; indexdef: string }>(
      target.url,
      "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexdef LIKE 'CREATE UNIQUE%'",
    );
    const definitions = indexes.map((i) => i.indexdef.replace(/^.* ON public\./, ""));
    expect(definitions).toEqual(
      expect.arrayContaining([
        "conversations USING btree (workspace_id, collector_session_id)",
        "messages USING btree (conversation_id, sequence)",
        "projects USING btree (workspace_id, directory_path)",
        "developers USING btree (workspace_id, username)",
        "epochs USING btree (conversation_id, epoch_number)",
        "files_touched USING btree (conversation_id, source_sequence, file_path, change_type)",
        "collector_configs USING btree (api_key_hash)",
        "ingestion_jobs USING btree (queue_job_id)",
      ]),
    );
  });

  it("fails with a clear message when DATABASE_URL is invalid", () => {
    const result = runDbCli("migrate.ts", { DATABASE_URL: "not a url" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/DATABASE_URL/);
  });
});

describe("pnpm db:migrate --check", () => {
  const target = unusedDatabase("check");
  afterAll(() => target.drop());

  it("exits 1 naming the pending migrations, changes nothing, and exits 0 once they are applied", async () => {
    const missing = runDbCli("migrate.ts", { DATABASE_URL: target.url }, ["--check"]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/migration\(s\) pending: \d{14}_init/);
    const created = await sql<{ datname: string }>(
      testEnv.TEST_DATABASE_URL,
      "SELECT datname FROM pg_database WHERE datname = $1",
      [target.name],
    );
    expect(created).toEqual([]);

    expect(runDbCli("migrate.ts", { DATABASE_URL: target.url }).status).toBe(0);
    const current = runDbCli("migrate.ts", { DATABASE_URL: target.url }, ["--check"]);
    expect(current.stderr).toBe("");
    expect(current.status).toBe(0);
    expect(current.stdout).toMatch(/up to date/);

    // A migration recorded as not finished (a failed one) is still pending.
    await sql(
      target.url,
      "UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name LIKE '%_init'",
    );
    const failed = runDbCli("migrate.ts", { DATABASE_URL: target.url }, ["--check"]);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/1 migration\(s\) pending: \d{14}_init/);
  });

  it("waits with --wait-seconds until another process has applied them", async () => {
    const other = unusedDatabase("check_wait");
    try {
      const waiting = runDbCliInBackground("migrate.ts", { DATABASE_URL: other.url }, [
        "--check",
        "--wait-seconds",
        "120",
      ]);
      // It has seen the pending migrations before they are applied behind its back.
      await eventually(async () => /waiting for \d+ pending migration/.test(waiting.stdout()), {
        timeoutMs: 60_000,
      });
      expect(runDbCli("migrate.ts", { DATABASE_URL: other.url }).status).toBe(0);
      const result = await waiting.exited;
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/up to date/);
    } finally {
      await other.drop();
    }
  });

  it("refuses unknown flags and a bad wait with exit code 2", () => {
    const unknown = runDbCli("migrate.ts", { DATABASE_URL: target.url }, ["--chek"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/usage: db:migrate/);
    const bad = runDbCli("migrate.ts", { DATABASE_URL: target.url }, ["--check", "--wait-seconds", "soon"]);
    expect(bad.status).toBe(2);
  });
});
