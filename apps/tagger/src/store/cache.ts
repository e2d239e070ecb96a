// tag_cache: an LLM answer reused while the content, the prompt, the schema, the rules, the model and the
// server are unchanged, for TAGGER_CACHE_TTL_DAYS.
import { createHash } from "node:crypto";

import { type PrismaClient } from "@catsyphon/db";

import { llmAnswerSchema, type LlmAnswer } from "../llm/answer";

export interface CacheKeyParts {
  rulesVersion: number;
  promptVersion: number;
  schemaVersion: number;
  model: string;
  baseUrl: string | undefined;
  compactedInput: string;
}

export function tagCacheKey(parts: CacheKeyParts): string {
  return createHash("sha256")
    .update(
      JSON.stringify([
        parts.rulesVersion,
        parts.promptVersion,
        parts.schemaVersion,
        parts.model,
        parts.baseUrl ?? "",
        parts.compactedInput,
      ]),
    )
    .digest("hex");
}

/** The cached answer (counting the hit), or undefined when absent, expired or no longer of the schema. */
export async function readCachedAnswer(
  prisma: PrismaClient,
  cacheKey: string,
): Promise<LlmAnswer | undefined> {
  const row = await prisma.tagCache.findUnique({ where: { cacheKey } });
  if (!row || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return undefined;
  const parsed = llmAnswerSchema.safeParse(row.tags);
  if (!parsed.success) return undefined;
  await prisma.tagCache.update({ where: { cacheKey }, data: { hitCount: { increment: 1 } } });
  return parsed.data;
}

export async function writeCachedAnswer(
  prisma: PrismaClient,
  entry: { cacheKey: string; model: string; promptVersion: number; answer: LlmAnswer; ttlDays: number },
): Promise<void> {
  const expiresAt = new Date(Date.now() + entry.ttlDays * 24 * 60 * 60 * 1_000);
  const data = {
    model: entry.model,
    promptVersion: String(entry.promptVersion),
    tags: entry.answer,
    expiresAt,
  };
  await prisma.tagCache.upsert({
    where: { cacheKey: entry.cacheKey },
    create: { cacheKey: entry.cacheKey, ...data },
    update: { ...data, createdAt: new Date() },
  });
}

/** Drops expired entries; returns how many. */
export async function pruneTagCache(prisma: PrismaClient): Promise<number> {
  const { count } = await prisma.tagCache.deleteMany({ where: { expiresAt: { lte: new Date() } } });
  return count;
}
