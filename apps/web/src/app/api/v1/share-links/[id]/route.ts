import { revokeShareLink } from "../../../../../features/share-links/queries";
import { shareLinkIdParamsSchema } from "../../../../../features/share-links/schemas";
import { prisma } from "../../../../../server/db";
import { notFound } from "../../../../../server/http";
import { workspaceRoute } from "../../../../../server/route";

export const DELETE = workspaceRoute(
  { permission: "edit_tags", params: shareLinkIdParamsSchema },
  async ({ workspaceId, params }) => {
    if (!(await revokeShareLink(prisma(), workspaceId, params.id))) throw notFound("No such share link");
    return new Response(null, { status: 204 });
  },
);
