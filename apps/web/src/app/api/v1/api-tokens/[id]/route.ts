import { revokeToken } from "../../../../../features/api-tokens/queries";
import { apiTokenParamsSchema } from "../../../../../features/api-tokens/schemas";
import { prisma } from "../../../../../server/db";
import { json } from "../../../../../server/http";
import { workspaceRoute } from "../../../../../server/route";

export const DELETE = workspaceRoute(
  { permission: "manage", params: apiTokenParamsSchema },
  async ({ workspaceId, params }) => json(await revokeToken(prisma(), workspaceId, params.id)),
);
