import { listMessages } from "../../../../../../features/messages/queries";
import { messageListQuerySchema } from "../../../../../../features/messages/schemas";
import { conversationIdParamsSchema } from "../../../../../../features/conversations/schemas";
import { readPrisma } from "../../../../../../server/db";
import { json, notFound, parseQuery } from "../../../../../../server/http";
import { workspaceRoute } from "../../../../../../server/route";

export const GET = workspaceRoute(
  { permission: "read", params: conversationIdParamsSchema },
  async ({ request, workspaceId, params }) => {
    const query = parseQuery(request, messageListQuerySchema);
    const page = await listMessages(readPrisma(), workspaceId, params.id, query);
    if (!page) throw notFound("No such conversation");
    return json(page);
  },
);
