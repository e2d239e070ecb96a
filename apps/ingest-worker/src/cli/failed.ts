// `pnpm --filter @catsyphon/ingest-worker failed <list|retry>`: the parked jobs of the ingest queue (batches and
// completions that can never be written as they are, decision 0022), with their reasons, and re-driving them
// once the cause is fixed (a migration, a new release). Parked jobs keep their payload in Redis until then.
// Reads DATABASE_URL, REDIS_URL and REDIS_KEY_PREFIX.
import { parseArgs } from "node:util";
import { createPrismaClient, markIngestionJobRequeued, type PrismaClient } from "@catsyphon/db";
import {
  createRedisConnection,
  JobNotParkedError,
  listParkedJobs,
  openQueue,
  type ParkedJobSummary,
  type Queue,
  QUEUE_NAMES,
  redisClusterOptions,
  retryParkedJob,
  summarizeParkedJob,
} from "@catsyphon/queue";
import { z } from "zod";
import { readWorkerCliEnv } from "../env";

const USAGE = `Usage:
  failed list [--limit <n>] [--json]
  failed retry <job id> [--json]
  failed retry --all [--json]

list shows the parked jobs of the ingest queue, oldest first, with why each was parked; retry moves one (or
every) parked job back to the queue, where the worker takes it again with a fresh backoff.`;

const commandSchema = z.discriminatedUnion("command", [
  z.object({
    command: z.literal("list"),
    limit: z.coerce.number().int().min(1).max(100_000).default(1_000),
    json: z.boolean().default(false),
  }),
  z
    .object({
      command: z.literal("retry"),
      id: z.string().trim().min(1).max(500).optional(),
      all: z.boolean().default(false),
      json: z.boolean().default(false),
    })
    .refine((c) => (c.id === undefined) === c.all, {
      error: "name one job id, or --all (not both)",
      path: ["id"],
    }),
]);
type Command = z.infer<typeof commandSchema>;

class UsageError extends Error {}
class HelpRequested extends Error {}

function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        limit: { type: "string" },
        all: { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help === true) throw new HelpRequested();
  const { help: _help, ...values } = parsed.values;
  const [command, id, ...extra] = parsed.positionals;
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(" ")}`);
  const result = commandSchema.safeParse({ command, id, ...values });
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path[0];
    if (field === "command") throw new UsageError("name a command: list or retry");
    const option = field === undefined || field === "id" ? "" : `--${String(field)} `;
    throw new UsageError(`${option}${issue?.message ?? "is invalid"}`);
  }
  return result.data;
}

export interface ParkedJob extends Omit<ParkedJobSummary, "failed_reason"> {
  reason: string;
}

async function listParked(queue: Queue, prisma: PrismaClient, limit: number): Promise<ParkedJob[]> {
  const jobs = (await listParkedJobs(queue, limit)).map(summarizeParkedJob);
  const ids = jobs.map((job) => job.id);
  const rows =
    ids.length === 0
      ? []
      : await prisma.ingestionJob.findMany({
          where: { queueJobId: { in: ids } },
          select: { queueJobId: true, error: true },
        });
  const errors = new Map(rows.map((row) => [row.queueJobId, row.error]));
  return jobs.map(({ failed_reason, ...job }) => ({
    ...job,
    // The database's own message (ingestion_jobs) when the worker recorded one; else BullMQ's.
    reason: errors.get(job.id) ?? failed_reason ?? "unknown",
  }));
}

async function retryParked(queue: Queue, prisma: PrismaClient, ids: readonly string[]): Promise<string[]> {
  const retried: string[] = [];
  for (const id of ids) {
    await retryParkedJob(queue, id);
    await markIngestionJobRequeued(prisma, id);
    retried.push(id);
  }
  return retried;
}

function describe(job: ParkedJob): string {
  return [
    job.id,
    job.name,
    job.session_id ? `session ${job.session_id}` : "-",
    job.sequences ? `events ${job.sequences}` : "-",
    `parked ${job.parked_at ?? "-"}`,
    `attempts ${job.attempts}`,
    job.reason,
  ].join("  ");
}

async function run(command: Command, out: (line: string) => void): Promise<void> {
  const env = readWorkerCliEnv();
  const prisma = createPrismaClient({
    databaseUrl: env.DATABASE_URL,
    poolSize: 1,
    applicationName: "catsyphon-worker-cli",
  });
  // Fails fast when Redis is away, but lets the first commands wait for the connection to open.
  const connection = createRedisConnection(env.REDIS_URL, "producer", {
    name: "worker-cli",
    ...redisClusterOptions(env),
    redisOptions: { enableOfflineQueue: true },
  });
  const queue = openQueue(QUEUE_NAMES.ingest, connection, env.REDIS_KEY_PREFIX);
  // Connection trouble also rejects the command that met it, which reports it; unheard, the event would throw.
  queue.on("error", () => undefined);
  try {
    if (command.command === "list") {
      const parked = await listParked(queue, prisma, command.limit);
      if (command.json) out(JSON.stringify(parked));
      else if (parked.length === 0) out("No parked jobs.");
      else for (const job of parked) out(describe(job));
      return;
    }
    const ids = command.id
      ? [command.id]
      : (await queue.getFailed(0, -1)).map((job) => job.id ?? "").filter((id) => id !== "");
    const retried = await retryParked(queue, prisma, ids);
    if (command.json) out(JSON.stringify({ retried }));
    else out(retried.length === 0 ? "No parked jobs." : `Re-queued ${retried.length}: ${retried.join(", ")}`);
  } finally {
    await queue.close();
    connection.disconnect();
    await prisma.$disconnect();
  }
}

async function main(): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(process.argv.slice(2));
  } catch (error) {
    if (error instanceof HelpRequested) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`failed: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  try {
    await run(command, (line) => process.stdout.write(`${line}\n`));
    return 0;
  } catch (error) {
    if (error instanceof JobNotParkedError) {
      process.stderr.write(`failed: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Prisma's messages open with a code frame; the cause is their last line.
    const message = error instanceof Error ? error.message : String(error);
    const cause =
      message
        .split("\n")
        .filter((line) => line.trim() !== "")
        .at(-1) ?? message;
    process.stderr.write(
      `failed: ${cause.trim()}\n(Are DATABASE_URL, REDIS_URL and REDIS_KEY_PREFIX those of the workers, and the database migrated?)\n`,
    );
    process.exitCode = 1;
  },
);
