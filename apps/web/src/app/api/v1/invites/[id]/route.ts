import { revokeInvite } from "../../../../../features/invites/queries";
import { inviteParamsSchema } from "../../../../../features/invites/schemas";
import { prisma } from "../../../../../server/db";
import { json } from "../../../../../server/http";
import { workspaceRoute } from "../../../../../server/route";

export const DELETE = workspaceRoute(
  { permission: "manage", params: inviteParamsSchema },
  async ({ workspaceId, params }) => json(await revokeInvite(prisma(), workspaceId, params.id)),
);
