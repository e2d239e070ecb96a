import { retryIngestionJob } from "../../../../../../../features/ingestion/queries";
import { ingestionJobParamsSchema } from "../../../../../../../features/ingestion/schemas";
import { prisma } from "../../../../../../../server/db";
import { json } from "../../../../../../../server/http";
import { queues } from "../../../../../../../server/queues";
import { workspaceRoute } from "../../../../../../../server/route";

export const POST = workspaceRoute(
  { permission: "manage", params: ingestionJobParamsSchema },
  async ({ workspaceId, params }) =>
    json(await retryIngestionJob(prisma(), queues(), workspaceId, params.id)),
);
