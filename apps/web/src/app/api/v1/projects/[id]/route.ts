import { resolveRange } from "../../../../../features/activity/range";
import { getProject } from "../../../../../features/projects/queries";
import { projectDetailQuerySchema, projectParamsSchema } from "../../../../../features/projects/schemas";
import { readPrisma } from "../../../../../server/db";
import { json, notFound, parseQuery } from "../../../../../server/http";
import { workspaceRoute } from "../../../../../server/route";

export const GET = workspaceRoute(
  { permission: "read", params: projectParamsSchema },
  async ({ request, workspaceId, params }) => {
    const range = resolveRange(parseQuery(request, projectDetailQuerySchema));
    const project = await getProject(readPrisma(), workspaceId, params.id, range);
    if (!project) throw notFound("No such project");
    return json(project);
  },
);
