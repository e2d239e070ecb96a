import { listProjects } from "../../../../features/projects/queries";
import { projectListQuerySchema } from "../../../../features/projects/schemas";
import { readPrisma } from "../../../../server/db";
import { json, parseQuery } from "../../../../server/http";
import { workspaceRoute } from "../../../../server/route";

export const GET = workspaceRoute({ permission: "read" }, async ({ request, workspaceId }) =>
  json(await listProjects(readPrisma(), workspaceId, parseQuery(request, projectListQuerySchema))),
);
