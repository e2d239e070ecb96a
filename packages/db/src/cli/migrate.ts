// `pnpm db:migrate`: applies pending migrations to DATABASE_URL (creating the database if needed).
import { redactDatabaseUrl } from "../connection-config";
import { applyPendingMigrations } from "../migrations";
import { cliEnv } from "../env/migrate";
import { runCli } from "./run";

runCli(async () => {
  const applied = await applyPendingMigrations({ databaseUrl: cliEnv.DATABASE_URL });
  const target = redactDatabaseUrl(cliEnv.DATABASE_URL);
  if (applied.length === 0) console.log(`${target}: already up to date`);
  for (const name of applied) console.log(`${target}: applied ${name}`);
});
