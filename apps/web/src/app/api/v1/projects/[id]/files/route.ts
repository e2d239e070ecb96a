import { findProject, listProjectFiles } from "../../../../../../features/projects/queries";
import { projectFilesQuerySchema, projectParamsSchema } from "../../../../../../features/projects/schemas";
import { prisma } from "../../../../../../server/db";
import { json, notFound, parseQuery } from "../../../../../../server/http";
import { workspaceRoute } from "../../../../../../server/route";

export const GET = workspaceRoute(
  { permission: "read", params: projectParamsSchema },
  async ({ request, workspaceId, params }) => {
    const query = parseQuery(request, projectFilesQuerySchema);
    if (!(await findProject(prisma(), workspaceId, params.id))) throw notFound("No such project");
    return json(await listProjectFiles(prisma(), workspaceId, params.id, query));
  },
);
