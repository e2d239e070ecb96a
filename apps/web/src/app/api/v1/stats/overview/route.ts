import { resolveRange } from "../../../../../features/activity/range";
import { overview } from "../../../../../features/stats/queries";
import { overviewQuerySchema } from "../../../../../features/stats/schemas";
import { readPrisma } from "../../../../../server/db";
import { json, parseQuery } from "../../../../../server/http";
import { workspaceRoute } from "../../../../../server/route";

export const GET = workspaceRoute({ permission: "read" }, async ({ request, workspaceId }) =>
  json(await overview(readPrisma(), workspaceId, resolveRange(parseQuery(request, overviewQuerySchema)))),
);
