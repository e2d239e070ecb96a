// `pnpm --filter @catsyphon/tagger backfill [--workspace <id|slug>] [--since <date>] [--dry-run]`: tags the
// conversations that have no tags or tags of older versions, after printing how many and the LLM tokens it
// expects to spend. Uses the tagger's configuration (DATABASE_URL, OPENAI_*, TAGGER_*).
import { parseArgs } from "node:util";

import { ConfigError } from "@catsyphon/config";
import { createPrismaClient } from "@catsyphon/db";
import { createLogger } from "@catsyphon/logger";
import { z } from "zod";

import { estimateBackfill, findBackfillCandidates, runBackfill, type BackfillProgress } from "../backfill";
import { readEnv } from "../env";
import { taggingSettingsOf } from "../settings";

const USAGE =
  "usage: pnpm --filter @catsyphon/tagger backfill [--workspace <id|slug>] [--since <date>] [--dry-run]";

const argsSchema = z.object({
  workspace: z.string().min(1).optional(),
  since: z
    .string()
    .refine((value) => !Number.isNaN(Date.parse(value)), {
      message: "--since must be a date, e.g. 2026-01-31",
    })
    .transform((value) => new Date(value))
    .optional(),
  "dry-run": z.boolean().default(false),
});

function progressLine({ done, total, failed }: BackfillProgress): string {
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}${failed ? ` (${failed} failed)` : ""}`;
}

async function main(): Promise<number> {
  let args: z.infer<typeof argsSchema>;
  try {
    const { values } = parseArgs({
      options: { workspace: { type: "string" }, since: { type: "string" }, "dry-run": { type: "boolean" } },
      strict: true,
    });
    args = argsSchema.parse(values);
  } catch (error) {
    const message =
      error instanceof z.ZodError
        ? error.issues.map((issue) => issue.message).join("; ")
        : (error as Error).message;
    console.error(`${message}\n${USAGE}`);
    return 2;
  }
  const env = readEnv();
  const settings = taggingSettingsOf(env);
  const prisma = createPrismaClient({ databaseUrl: env.DATABASE_URL, poolSize: env.TAGGER_CONCURRENCY + 1 });
  try {
    const candidates = await findBackfillCandidates(
      prisma,
      { workspace: args.workspace, since: args.since },
      settings,
    );
    const estimate = estimateBackfill(candidates, settings);
    const cost =
      estimate.costUsd === null
        ? "cost unknown (no price for this model)"
        : `about $${estimate.costUsd.toFixed(4)}`;
    console.log(
      `${estimate.conversations} conversations to tag; ${estimate.llmConversations} with the LLM` +
        (settings.llm
          ? ` (${env.TAGGER_MODEL}): about ${estimate.inputTokens} input and ${estimate.outputTokens} output tokens, ${cost}, before cache hits`
          : " (no OPENAI_BASE_URL or OPENAI_API_KEY: rule tags only)"),
    );
    if (args["dry-run"] || candidates.length === 0) return 0;
    const logger = createLogger({
      name: "tagger-backfill",
      level: env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL,
    });
    const tty = process.stderr.isTTY;
    let lastLine = 0;
    const result = await runBackfill(prisma, settings, candidates, {
      concurrency: env.TAGGER_CONCURRENCY,
      logger,
      onProgress: (progress) => {
        if (tty) process.stderr.write(`\r${progressLine(progress)}`);
        else if (Date.now() - lastLine > 2_000 || progress.done === progress.total) {
          lastLine = Date.now();
          process.stderr.write(`${progressLine(progress)}\n`);
        }
      },
    });
    if (tty) process.stderr.write("\n");
    console.log(
      `tagged ${result.done - result.failed} of ${result.total} conversations${result.failed ? `, ${result.failed} failed` : ""}`,
    );
    return result.failed > 0 ? 1 : 0;
  } finally {
    await prisma.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
