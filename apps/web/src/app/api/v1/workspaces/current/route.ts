import { switchWorkspaceBodySchema } from "../../../../../features/workspaces/schemas";
import { setCookieHeader, WORKSPACE_COOKIE } from "../../../../../server/cookies";
import { prisma } from "../../../../../server/db";
import { json, notFound, parseJsonBody } from "../../../../../server/http";
import { userRoute } from "../../../../../server/route";

// Switches the current workspace; a workspace the user does not belong to is a 404 like one that does not exist.
export const PUT = userRoute(async ({ request, user }) => {
  const body = await parseJsonBody(request, switchWorkspaceBodySchema);
  const membership = await prisma().membership.findUnique({
    where: { workspaceId_userId: { workspaceId: body.workspace_id, userId: user.userId } },
    select: { role: true, workspace: { select: { id: true, slug: true, name: true } } },
  });
  if (!membership) throw notFound("No such workspace");
  return json(
    { ...membership.workspace, role: membership.role, current: true },
    { headers: { "Set-Cookie": setCookieHeader(WORKSPACE_COOKIE, membership.workspace.id, 400 * 86_400) } },
  );
});
