import { conversationIdParamsSchema } from "../../../../../../features/conversations/schemas";
import { createShareLink, listShareLinks } from "../../../../../../features/share-links/queries";
import { createShareLinkBodySchema } from "../../../../../../features/share-links/schemas";
import { prisma } from "../../../../../../server/db";
import { json, notFound, parseJsonBody } from "../../../../../../server/http";
import { workspaceRoute } from "../../../../../../server/route";

export const GET = workspaceRoute(
  { permission: "read", params: conversationIdParamsSchema },
  async ({ workspaceId, params }) => {
    const links = await listShareLinks(prisma(), workspaceId, params.id);
    if (!links) throw notFound("No such conversation");
    return json(links);
  },
);

// Members and up (the permission that may change a session's record) create links.
export const POST = workspaceRoute(
  { permission: "edit_tags", params: conversationIdParamsSchema },
  async ({ request, access, workspaceId, params }) => {
    const body = await parseJsonBody(request, createShareLinkBodySchema);
    const link = await createShareLink(prisma(), workspaceId, params.id, {
      expiresInDays: body.expires_in_days,
      createdByUserId: access.principal.kind === "session" ? access.principal.user.userId : null,
    });
    if (!link) throw notFound("No such conversation");
    return json(link, { status: 201 });
  },
);
