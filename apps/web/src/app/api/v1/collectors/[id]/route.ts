import { revokeWorkspaceCollector } from "../../../../../features/collectors/queries";
import { collectorParamsSchema } from "../../../../../features/collectors/schemas";
import { prisma } from "../../../../../server/db";
import { json } from "../../../../../server/http";
import { workspaceRoute } from "../../../../../server/route";

export const DELETE = workspaceRoute(
  { permission: "manage", params: collectorParamsSchema },
  async ({ workspaceId, params }) => json(await revokeWorkspaceCollector(prisma(), workspaceId, params.id)),
);
