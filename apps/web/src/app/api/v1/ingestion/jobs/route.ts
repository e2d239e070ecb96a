import { listIngestionJobs } from "../../../../../features/ingestion/queries";
import { ingestionJobListQuerySchema } from "../../../../../features/ingestion/schemas";
import { readPrisma } from "../../../../../server/db";
import { json, parseQuery } from "../../../../../server/http";
import { workspaceRoute } from "../../../../../server/route";

export const GET = workspaceRoute({ permission: "read" }, async ({ request, workspaceId }) =>
  json(await listIngestionJobs(readPrisma(), workspaceId, parseQuery(request, ingestionJobListQuerySchema))),
);
