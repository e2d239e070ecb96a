import { resolveRange } from "../../../../../features/activity/range";
import { getDeveloper } from "../../../../../features/developers/queries";
import {
  developerDetailQuerySchema,
  developerParamsSchema,
} from "../../../../../features/developers/schemas";
import { readPrisma } from "../../../../../server/db";
import { json, notFound, parseQuery } from "../../../../../server/http";
import { workspaceRoute } from "../../../../../server/route";

export const GET = workspaceRoute(
  { permission: "read", params: developerParamsSchema },
  async ({ request, workspaceId, params }) => {
    const range = resolveRange(parseQuery(request, developerDetailQuerySchema));
    const developer = await getDeveloper(readPrisma(), workspaceId, params.id, range);
    if (!developer) throw notFound("No such developer");
    return json(developer);
  },
);
