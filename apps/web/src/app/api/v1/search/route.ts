import { searchMessages } from "../../../../features/search/queries";
import { searchQuerySchema } from "../../../../features/search/schemas";
import { readPrisma } from "../../../../server/db";
import { json, parseQuery } from "../../../../server/http";
import { workspaceRoute } from "../../../../server/route";

export const GET = workspaceRoute({ permission: "read" }, async ({ request, workspaceId }) =>
  json(await searchMessages(readPrisma(), workspaceId, parseQuery(request, searchQuerySchema))),
);
