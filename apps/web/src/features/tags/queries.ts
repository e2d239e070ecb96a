// A human edit of a conversation's tags (kept across re-tagging: the tagger never replaces a field whose
// _meta.source is "human"), and a re-tag request.
import { type PrismaClient } from "@catsyphon/db";
import { storedTagsSchema, type TagEdit, type TagSource } from "@catsyphon/protocol";
import { type QueueProducer } from "@catsyphon/queue";
import { type z } from "zod";

import { type conversationTagsSchema } from "./schemas";

type ConversationTags = z.infer<typeof conversationTagsSchema>;

/** Applies the edit under the row's lock (the tagger merges under the same lock); null when not in the workspace. */
export async function editConversationTags(
  prisma: PrismaClient,
  workspaceId: string,
  conversationId: string,
  edit: TagEdit,
): Promise<ConversationTags | null> {
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ tags: unknown }[]>`
      SELECT tags FROM conversations WHERE id = ${conversationId}::uuid AND workspace_id = ${workspaceId}::uuid
         FOR UPDATE`;
    const row = rows[0];
    if (!row) return null;
    const parsed = storedTagsSchema.safeParse(row.tags);
    const tags: Record<string, unknown> = parsed.success ? { ...parsed.data } : {};
    const meta = parsed.success ? { ...parsed.data._meta } : {};
    const source: Record<string, TagSource> = { ...meta.source };
    for (const [field, value] of Object.entries(edit)) {
      if (value === undefined) continue;
      if (value === null) {
        // Back to the tagger: the next tagging fills the field again.
        if (source[field] === "human") {
          delete tags[field];
          delete source[field];
        }
        continue;
      }
      tags[field] = value;
      source[field] = "human";
    }
    const updated = { ...tags, _meta: { ...meta, source } };
    await tx.conversation.update({ where: { id: conversationId }, data: { tags: updated } });
    return { id: conversationId, tags: storedTagsSchema.parse(updated) };
  });
}

export async function conversationExists(
  prisma: PrismaClient,
  workspaceId: string,
  conversationId: string,
): Promise<boolean> {
  const found = await prisma.conversation.findFirst({
    where: { id: conversationId, workspaceId },
    select: { id: true },
  });
  return found !== null;
}

/** Enqueues a tagging job (reason "manual"); each request is its own job. */
export async function requestRetag(
  producer: QueueProducer,
  workspaceId: string,
  conversationId: string,
  requestedAt: Date,
): Promise<{ conversation_id: string; job_id: string; status: "queued" }> {
  const { jobId } = await producer.enqueueTagConversation({
    workspace_id: workspaceId,
    conversation_id: conversationId,
    reason: "manual",
    requested_at: requestedAt.toISOString(),
  });
  return { conversation_id: conversationId, job_id: jobId, status: "queued" };
}
