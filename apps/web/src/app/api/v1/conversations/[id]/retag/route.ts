import { conversationIdParamsSchema } from "../../../../../../features/conversations/schemas";
import { conversationExists, requestRetag } from "../../../../../../features/tags/queries";
import { prisma } from "../../../../../../server/db";
import { json, notFound } from "../../../../../../server/http";
import { queueProducer } from "../../../../../../server/queues";
import { workspaceRoute } from "../../../../../../server/route";

export const POST = workspaceRoute(
  { permission: "edit_tags", params: conversationIdParamsSchema },
  async ({ workspaceId, params }) => {
    if (!(await conversationExists(prisma(), workspaceId, params.id))) throw notFound("No such conversation");
    return json(await requestRetag(queueProducer(), workspaceId, params.id, new Date()), { status: 202 });
  },
);
