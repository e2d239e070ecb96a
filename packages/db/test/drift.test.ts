import { mkdtemp, readFile, rm, writeFile, cp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createTestDatabase, type TestDatabase } from "@catsyphon/testing";
import { createMigration, diffMigrationsToSchema, migrationsDir, schemaPath } from "../src/migrations";
import { runDbCli } from "./helpers";

describe("schema.prisma and the checked-in migrations", () => {
  let database: TestDatabase;
  let scratch: string;

  beforeAll(async () => {
    database = await createTestDatabase("drift");
    scratch = await mkdtemp(path.join(os.tmpdir(), "catsyphon-drift-"));
  });

  afterAll(async () => {
    await database.drop();
    await rm(scratch, { recursive: true, force: true });
  });

  it("agree (run `pnpm db:migration:new <name>` after changing schema.prisma)", async () => {
    const missingSql = await diffMigrationsToSchema({ databaseUrl: database.url });
    expect(missingSql).toBe("");
  });

  it("pnpm db:check exits 0 when they agree", () => {
    const result = runDbCli("check.ts", { DATABASE_URL: database.url });
    expect(result.stdout).toMatch(/agree/);
    expect(result.status).toBe(0);
  });

  it("detects a schema change that no migration contains, and a new migration closes the gap", async () => {
    const changedSchema = path.join(scratch, "schema.prisma");
    const original = await readFile(schemaPath, "utf8");
    const withNewColumn = original.replace(
      /model Developer \{\n/,
      'model Developer {\n  timezone    String?  @map("time_zone")\n',
    );
    expect(withNewColumn).not.toEqual(original);
    await writeFile(changedSchema, withNewColumn);
    const migrationsCopy = path.join(scratch, "migrations");
    await cp(migrationsDir, migrationsCopy, { recursive: true });

    const drift = await diffMigrationsToSchema({
      databaseUrl: database.url,
      schemaPath: changedSchema,
      migrationsDir: migrationsCopy,
    });
    expect(drift).toMatch(/ALTER TABLE "developers" ADD COLUMN\s+"time_zone" TEXT/);

    const written = await createMigration("add_time_zone", {
      databaseUrl: database.url,
      schemaPath: changedSchema,
      migrationsDir: migrationsCopy,
      now: new Date("2030-01-02T03:04:05Z"),
    });
    expect(written).toBe(path.join(migrationsCopy, "20300102030405_add_time_zone"));
    const afterNewMigration = await diffMigrationsToSchema({
      databaseUrl: database.url,
      schemaPath: changedSchema,
      migrationsDir: migrationsCopy,
    });
    expect(afterNewMigration).toBe("");
    expect(
      await createMigration("nothing_new", {
        databaseUrl: database.url,
        schemaPath: changedSchema,
        migrationsDir: migrationsCopy,
      }),
    ).toBeNull();
  });

  it("rejects migration names that would make awkward folder names", async () => {
    await expect(createMigration("Add Column!", { databaseUrl: database.url })).rejects.toThrow(
      /a-z, 0-9 and _/,
    );
  });
});
