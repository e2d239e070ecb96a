import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getConversation } from "../../../../features/conversations/queries";
import { conversationIdParamsSchema } from "../../../../features/conversations/schemas";
import { ConversationDetailView } from "../../../../features/conversations/ui/conversation-detail-view";
import { readPrisma } from "../../../../server/db";
import { requirePageAccess } from "../../../../server/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Session · CatSyphon" };

export default async function ConversationPage({ params }: { params: Promise<Record<string, string>> }) {
  const access = await requirePageAccess();
  // A malformed id, like another workspace's, is a 404 (as in the API).
  const parsed = conversationIdParamsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const conversation = await getConversation(readPrisma(), access.workspace.id, parsed.data.id);
  if (!conversation) notFound();
  return (
    <ConversationDetailView
      initial={conversation}
      canEditTags={access.permissions.has("edit_tags")}
      isOwner={access.role === "owner"}
    />
  );
}
