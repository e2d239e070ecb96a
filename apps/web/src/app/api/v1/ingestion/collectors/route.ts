import { listCollectorHealth } from "../../../../../features/ingestion/queries";
import { collectorHealthQuerySchema } from "../../../../../features/ingestion/schemas";
import { readPrisma } from "../../../../../server/db";
import { json, parseQuery } from "../../../../../server/http";
import { workspaceRoute } from "../../../../../server/route";

export const GET = workspaceRoute({ permission: "read" }, async ({ request, workspaceId }) => {
  const { tz } = parseQuery(request, collectorHealthQuerySchema);
  return json({ items: await listCollectorHealth(readPrisma(), workspaceId, tz) });
});
