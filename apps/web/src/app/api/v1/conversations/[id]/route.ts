import { getConversation } from "../../../../../features/conversations/queries";
import { conversationIdParamsSchema } from "../../../../../features/conversations/schemas";
import { readPrisma } from "../../../../../server/db";
import { json, notFound } from "../../../../../server/http";
import { workspaceRoute } from "../../../../../server/route";

export const GET = workspaceRoute(
  { permission: "read", params: conversationIdParamsSchema },
  async ({ workspaceId, params }) => {
    const conversation = await getConversation(readPrisma(), workspaceId, params.id);
    if (!conversation) throw notFound("No such conversation");
    return json(conversation);
  },
);
