import { createInvite, listInvites } from "../../../../features/invites/queries";
import { createInviteBodySchema } from "../../../../features/invites/schemas";
import { requestOrigin } from "../../../../server/csrf";
import { prisma } from "../../../../server/db";
import { json, parseJsonBody } from "../../../../server/http";
import { workspaceRoute } from "../../../../server/route";

export const GET = workspaceRoute({ permission: "manage" }, async ({ workspaceId }) =>
  json({ items: await listInvites(prisma(), workspaceId) }),
);

export const POST = workspaceRoute({ permission: "manage" }, async ({ request, workspaceId, access }) => {
  const body = await parseJsonBody(request, createInviteBodySchema);
  const invite = await createInvite(prisma(), {
    workspaceId,
    permissions: access.permissions,
    invitedByUserId: access.principal.kind === "session" ? access.principal.user.userId : null,
    email: body.email,
    role: body.role,
    origin: requestOrigin(request),
  });
  return json(invite, { status: 201 });
});
