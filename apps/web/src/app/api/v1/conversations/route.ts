import { listConversations } from "../../../../features/conversations/queries";
import { conversationListQuerySchema } from "../../../../features/conversations/schemas";
import { readPrisma } from "../../../../server/db";
import { json, parseQuery } from "../../../../server/http";
import { workspaceRoute } from "../../../../server/route";

export const GET = workspaceRoute({ permission: "read" }, async ({ request, workspaceId }) =>
  json(await listConversations(readPrisma(), workspaceId, parseQuery(request, conversationListQuerySchema))),
);
