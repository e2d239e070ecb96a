import { listConversations } from "../../../../../../features/conversations/queries";
import { findProject } from "../../../../../../features/projects/queries";
import { projectParamsSchema, projectSessionsQuerySchema } from "../../../../../../features/projects/schemas";
import { prisma } from "../../../../../../server/db";
import { json, notFound, parseQuery } from "../../../../../../server/http";
import { workspaceRoute } from "../../../../../../server/route";

export const GET = workspaceRoute(
  { permission: "read", params: projectParamsSchema },
  async ({ request, workspaceId, params }) => {
    const query = parseQuery(request, projectSessionsQuerySchema);
    if (!(await findProject(prisma(), workspaceId, params.id))) throw notFound("No such project");
    return json(await listConversations(prisma(), workspaceId, { ...query, project_id: params.id }));
  },
);
