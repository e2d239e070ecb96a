import { searchMessages } from "../../../../features/search/queries";
import { searchQuerySchema } from "../../../../features/search/schemas";
import { prisma } from "../../../../server/db";
import { json, parseQuery } from "../../../../server/http";
import { workspaceRoute } from "../../../../server/route";

export const GET = workspaceRoute({ permission: "read" }, async ({ request, workspaceId }) =>
  json(await searchMessages(prisma(), workspaceId, parseQuery(request, searchQuerySchema))),
);
