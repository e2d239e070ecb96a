import { listDevelopers } from "../../../../features/developers/queries";
import { developerListQuerySchema } from "../../../../features/developers/schemas";
import { prisma } from "../../../../server/db";
import { json, parseQuery } from "../../../../server/http";
import { workspaceRoute } from "../../../../server/route";

export const GET = workspaceRoute({ permission: "read" }, async ({ request, workspaceId }) =>
  json(await listDevelopers(prisma(), workspaceId, parseQuery(request, developerListQuerySchema))),
);
