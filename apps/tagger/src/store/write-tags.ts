// Writes merged tags under the conversation's row lock, so a human edit that lands meanwhile is merged, not lost.
import { type PrismaClient } from "@catsyphon/db";
import { storedTagsSchema, type StoredTags } from "@catsyphon/protocol";

import { mergeTags, type MergeInput, type MergedTags } from "../merge";
import { reportedOutcome } from "../rules/rule-tags";

const SUCCESS_OF: Readonly<Record<string, boolean | null>> = {
  success: true,
  failure: false,
  abandoned: false,
};

export function parseStoredTags(value: unknown): StoredTags {
  const parsed = storedTagsSchema.safeParse(value);
  return parsed.success ? parsed.data : {};
}

/** Merges and writes; returns the merged tags, or null when the conversation is gone. */
export async function writeTags(
  prisma: PrismaClient,
  conversationId: string,
  merge: Omit<MergeInput, "previous" | "sessionOutcome">,
): Promise<MergedTags | null> {
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ tags: unknown; outcome: string | null }[]>`
      SELECT tags, outcome FROM conversations WHERE id = ${conversationId}::uuid FOR UPDATE`;
    const row = rows[0];
    if (!row) return null;
    const previous = parseStoredTags(row.tags);
    const sessionOutcome = reportedOutcome(row.outcome, previous._meta?.outcome_written);
    const merged = mergeTags({ ...merge, previous, sessionOutcome });
    const outcome = merged.outcomeForConversation;
    await tx.conversation.update({
      where: { id: conversationId },
      data: {
        tags: merged.tags as object,
        taggedAt: merge.taggedAt,
        ...(outcome === undefined ? {} : { outcome, success: SUCCESS_OF[outcome] ?? null }),
      },
    });
    return merged;
  });
}
