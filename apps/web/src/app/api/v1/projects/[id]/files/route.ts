import { findProject, listProjectFiles } from "../../../../../../features/projects/queries";
import { projectFilesQuerySchema, projectParamsSchema } from "../../../../../../features/projects/schemas";
import { readPrisma } from "../../../../../../server/db";
import { json, notFound, parseQuery } from "../../../../../../server/http";
import { workspaceRoute } from "../../../../../../server/route";

export const GET = workspaceRoute(
  { permission: "read", params: projectParamsSchema },
  async ({ request, workspaceId, params }) => {
    const query = parseQuery(request, projectFilesQuerySchema);
    if (!(await findProject(readPrisma(), workspaceId, params.id))) throw notFound("No such project");
    return json(await listProjectFiles(readPrisma(), workspaceId, params.id, query));
  },
);
