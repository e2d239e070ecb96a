import { listConversations } from "../../../../../../features/conversations/queries";
import { findProject } from "../../../../../../features/projects/queries";
import { projectParamsSchema, projectSessionsQuerySchema } from "../../../../../../features/projects/schemas";
import { readPrisma } from "../../../../../../server/db";
import { json, notFound, parseQuery } from "../../../../../../server/http";
import { workspaceRoute } from "../../../../../../server/route";

export const GET = workspaceRoute(
  { permission: "read", params: projectParamsSchema },
  async ({ request, workspaceId, params }) => {
    const query = parseQuery(request, projectSessionsQuerySchema);
    if (!(await findProject(readPrisma(), workspaceId, params.id))) throw notFound("No such project");
    return json(await listConversations(readPrisma(), workspaceId, { ...query, project_id: params.id }));
  },
);
