// `pnpm db:migrate`: applies pending migrations to DATABASE_URL (creating the database if needed).
// `pnpm db:migrate --check [--wait-seconds N]`: applies nothing; exits 0 when no migration is pending, else 1
// (after waiting up to N seconds for another process, such as the release's migration Job, to apply them).
// Exit codes: 0 done or up to date, 1 pending migrations or a failure, 2 bad arguments.
import { parseArgs } from "node:util";
import { z } from "zod";
import { redactDatabaseUrl } from "../connection-config";
import { applyPendingMigrations, migrationsDir, pendingMigrations } from "../migrations";
import { cliEnv } from "../env/migrate";
import { runCli } from "./run";

const CHECK_INTERVAL_MS = 2_000;

const argsSchema = z.object({
  check: z.boolean().default(false),
  "wait-seconds": z.coerce.number().int().min(0).max(86_400).default(0),
});

function readArgs(): z.output<typeof argsSchema> | undefined {
  try {
    const { values } = parseArgs({
      options: { check: { type: "boolean" }, "wait-seconds": { type: "string" } },
      strict: true,
      allowPositionals: false,
    });
    const parsed = argsSchema.safeParse(values);
    if (parsed.success) return parsed.data;
    console.error(`--wait-seconds: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
  }
  console.error("usage: db:migrate [--check [--wait-seconds N]]");
  return undefined;
}

async function check(target: string, waitSeconds: number): Promise<number> {
  const deadline = Date.now() + waitSeconds * 1000;
  let announced = false;
  for (;;) {
    const waiting = Date.now() < deadline;
    try {
      const pending = await pendingMigrations({ databaseUrl: cliEnv.DATABASE_URL, migrationsDir });
      if (pending.length === 0) {
        console.log(`${target}: up to date`);
        return 0;
      }
      if (!waiting) {
        console.error(`${target}: ${pending.length} migration(s) pending: ${pending.join(", ")}`);
        return 1;
      }
      if (!announced) console.log(`${target}: waiting for ${pending.length} pending migration(s)`);
      announced = true;
    } catch (error) {
      // Postgres not reachable yet: keep waiting while there is time, else report why.
      if (!waiting) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, CHECK_INTERVAL_MS));
  }
}

runCli(async () => {
  const args = readArgs();
  if (!args) return 2;
  const target = redactDatabaseUrl(cliEnv.DATABASE_URL);
  if (args.check) return check(target, args["wait-seconds"]);
  const applied = await applyPendingMigrations({ databaseUrl: cliEnv.DATABASE_URL });
  if (applied.length === 0) console.log(`${target}: already up to date`);
  for (const name of applied) console.log(`${target}: applied ${name}`);
});
