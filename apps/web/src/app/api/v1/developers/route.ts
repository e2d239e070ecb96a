import { listDevelopers } from "../../../../features/developers/queries";
import { developerListQuerySchema } from "../../../../features/developers/schemas";
import { readPrisma } from "../../../../server/db";
import { json, parseQuery } from "../../../../server/http";
import { workspaceRoute } from "../../../../server/route";

export const GET = workspaceRoute({ permission: "read" }, async ({ request, workspaceId }) =>
  json(await listDevelopers(readPrisma(), workspaceId, parseQuery(request, developerListQuerySchema))),
);
