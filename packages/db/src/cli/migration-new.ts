// `pnpm db:migration:new <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that
// takes the checked-in migrations to schema.prisma. Needs a Postgres server (DATABASE_URL) for a shadow database.
import path from "node:path";
import { createMigration } from "../migrations";
import { cliEnv } from "../env/migrate";
import { runCli } from "./run";

runCli(async () => {
  const name = process.argv[2];
  if (!name) {
    console.error("usage: pnpm db:migration:new <name>   (a-z, 0-9 and _)");
    return 2;
  }
  const dir = await createMigration(name, { databaseUrl: cliEnv.DATABASE_URL });
  if (!dir) {
    console.log("schema.prisma and the migrations agree; no migration written");
    return 0;
  }
  console.log(`wrote ${path.relative(process.cwd(), path.join(dir, "migration.sql"))}`);
});
