// `pnpm db:check`: exits 1 and prints the missing SQL when schema.prisma and the migrations disagree.
import { diffMigrationsToSchema } from "../migrations";
import { cliEnv } from "../env/migrate";
import { runCli } from "./run";

runCli(async () => {
  const sql = await diffMigrationsToSchema({ databaseUrl: cliEnv.DATABASE_URL });
  if (!sql) {
    console.log("schema.prisma and prisma/migrations agree");
    return 0;
  }
  console.error("schema.prisma has changes that no migration contains. Run: pnpm db:migration:new <name>\n");
  console.error(sql);
  return 1;
});
