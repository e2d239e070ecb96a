import { listProjects } from "../../../../features/projects/queries";
import { projectListQuerySchema } from "../../../../features/projects/schemas";
import { prisma } from "../../../../server/db";
import { json, parseQuery } from "../../../../server/http";
import { workspaceRoute } from "../../../../server/route";

export const GET = workspaceRoute({ permission: "read" }, async ({ request, workspaceId }) =>
  json(await listProjects(prisma(), workspaceId, parseQuery(request, projectListQuerySchema))),
);
