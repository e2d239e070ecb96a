import { changeMemberRole, removeMember } from "../../../../../features/members/queries";
import { changeRoleBodySchema, memberParamsSchema } from "../../../../../features/members/schemas";
import { prisma } from "../../../../../server/db";
import { json, parseJsonBody } from "../../../../../server/http";
import { workspaceRoute } from "../../../../../server/route";

export const PATCH = workspaceRoute(
  { permission: "manage", params: memberParamsSchema },
  async ({ request, workspaceId, access, params }) => {
    const body = await parseJsonBody(request, changeRoleBodySchema);
    return json(
      await changeMemberRole(prisma(), {
        workspaceId,
        permissions: access.permissions,
        userId: params.userId,
        role: body.role,
      }),
    );
  },
);

export const DELETE = workspaceRoute(
  { permission: "manage", params: memberParamsSchema },
  async ({ workspaceId, access, params }) => {
    await removeMember(prisma(), { workspaceId, permissions: access.permissions, userId: params.userId });
    return new Response(null, { status: 204 });
  },
);
