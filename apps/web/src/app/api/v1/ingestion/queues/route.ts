import { queueDepths } from "../../../../../features/ingestion/queries";
import { readPrisma } from "../../../../../server/db";
import { json } from "../../../../../server/http";
import { queues } from "../../../../../server/queues";
import { workspaceRoute } from "../../../../../server/route";

export const GET = workspaceRoute({ permission: "read" }, async ({ workspaceId }) =>
  json(await queueDepths(readPrisma(), queues(), workspaceId)),
);
