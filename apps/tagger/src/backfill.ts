// The backfill: conversations with no tags, or tags of older rule / prompt versions, or (with an LLM configured)
// whose LLM step did not complete; an estimate of the LLM tokens first, then tagging them in this process.
import { Prisma, type PrismaClient } from "@catsyphon/db";
import { type Logger } from "@catsyphon/logger";

import { unservedTaggerMetrics } from "./http/metrics";
import { PROMPT_VERSION, SYSTEM_PROMPT } from "./llm/answer";
import { costOf } from "./llm/pricing";
import { RULES_VERSION } from "./rules/rule-tags";
import { tagConversation, type TaggingSettings } from "./tag-conversation";

export interface BackfillFilter {
  /** workspace id or slug */
  workspace: string | undefined;
  /** only conversations active since */
  since: Date | undefined;
}

export interface BackfillCandidate {
  id: string;
  workspaceId: string;
  messageCount: number;
  /** characters of the transcript (content plus tool call parameters), capped at what the prompt may hold */
  promptChars: number;
}

export interface BackfillEstimate {
  conversations: number;
  /** conversations that would get an LLM call (the rest: rules only) */
  llmConversations: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

// A rough 4 characters a token (English text and code), and what an answer usually takes.
const CHARS_PER_TOKEN = 4;
const OUTPUT_TOKENS_PER_ANSWER = 300;
const LLM_STATUSES_TO_REDO = ["failed", "paused", "disabled", "pending"];

export async function findBackfillCandidates(
  prisma: PrismaClient,
  filter: BackfillFilter,
  settings: TaggingSettings,
): Promise<BackfillCandidate[]> {
  const conditions: Prisma.Sql[] = [
    Prisma.sql`(c.tags = '{}'::jsonb OR c.tags->'_meta' IS NULL
      OR COALESCE((c.tags->'_meta'->>'rules_version')::int, 0) < ${RULES_VERSION}
      ${
        settings.llm
          ? Prisma.sql`OR (c.message_count >= ${settings.minMessages} AND (
                c.tags->'_meta'->>'llm_status' = ANY(${LLM_STATUSES_TO_REDO}::text[])
                OR COALESCE((c.tags->'_meta'->>'prompt_version')::int, 0) < ${PROMPT_VERSION}))`
          : Prisma.empty
      })`,
  ];
  if (filter.workspace) {
    conditions.push(
      Prisma.sql`c.workspace_id = (SELECT id FROM workspaces WHERE id::text = ${filter.workspace} OR slug = ${filter.workspace} LIMIT 1)`,
    );
  }
  if (filter.since) conditions.push(Prisma.sql`c.last_activity_at >= ${filter.since}`);
  const rows = await prisma.$queryRaw<
    { id: string; workspace_id: string; message_count: number; chars: bigint | null }[]
  >`
    SELECT c.id, c.workspace_id, c.message_count,
           (SELECT SUM(length(m.content) + length(m.tool_calls::text)) FROM messages m WHERE m.conversation_id = c.id) AS chars
      FROM conversations c
     WHERE ${Prisma.join(conditions, " AND ")}
     ORDER BY c.last_activity_at DESC`;
  return rows.map((row) => ({
    id: row.id,
    workspaceId: row.workspace_id,
    messageCount: row.message_count,
    promptChars: Math.min(Number(row.chars ?? 0), settings.maxInputChars),
  }));
}

export function estimateBackfill(
  candidates: readonly BackfillCandidate[],
  settings: TaggingSettings,
): BackfillEstimate {
  const llm = settings.llm
    ? candidates.filter((candidate) => candidate.messageCount >= settings.minMessages)
    : [];
  const inputTokens = Math.ceil(
    llm.reduce((sum, candidate) => sum + candidate.promptChars + SYSTEM_PROMPT.length, 0) / CHARS_PER_TOKEN,
  );
  const outputTokens = llm.length * OUTPUT_TOKENS_PER_ANSWER;
  return {
    conversations: candidates.length,
    llmConversations: llm.length,
    inputTokens,
    outputTokens,
    costUsd: settings.llm ? costOf(settings.llm.price, inputTokens, outputTokens) : 0,
  };
}

export interface BackfillProgress {
  done: number;
  total: number;
  failed: number;
}

/** Tags each candidate, `concurrency` at a time; a failure is counted and logged, never the end of the run. */
export async function runBackfill(
  prisma: PrismaClient,
  settings: TaggingSettings,
  candidates: readonly BackfillCandidate[],
  options: { concurrency: number; logger: Logger; onProgress(progress: BackfillProgress): void },
): Promise<BackfillProgress> {
  const progress: BackfillProgress = { done: 0, total: candidates.length, failed: 0 };
  let next = 0;
  const work = async () => {
    for (;;) {
      const candidate = candidates[next];
      next += 1;
      if (!candidate) return;
      try {
        await tagConversation(
          prisma,
          settings,
          { workspace_id: candidate.workspaceId, conversation_id: candidate.id },
          { logger: options.logger, metrics: unservedTaggerMetrics },
        );
      } catch (error) {
        progress.failed += 1;
        options.logger.warn({ err: error, conversation_id: candidate.id }, "could not tag a conversation");
      }
      progress.done += 1;
      options.onProgress({ ...progress });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, work));
  return progress;
}
