import { conversationIdParamsSchema } from "../../../../../../features/conversations/schemas";
import { editConversationTags } from "../../../../../../features/tags/queries";
import { tagEditSchema } from "../../../../../../features/tags/schemas";
import { prisma } from "../../../../../../server/db";
import { json, notFound, parseJsonBody } from "../../../../../../server/http";
import { workspaceRoute } from "../../../../../../server/route";

export const PATCH = workspaceRoute(
  { permission: "edit_tags", params: conversationIdParamsSchema },
  async ({ request, workspaceId, params }) => {
    const edit = await parseJsonBody(request, tagEditSchema);
    const updated = await editConversationTags(prisma(), workspaceId, params.id, edit);
    if (!updated) throw notFound("No such conversation");
    return json(updated);
  },
);
