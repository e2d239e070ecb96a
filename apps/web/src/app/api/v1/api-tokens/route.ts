import { createToken, listTokens } from "../../../../features/api-tokens/queries";
import { createApiTokenBodySchema } from "../../../../features/api-tokens/schemas";
import { prisma } from "../../../../server/db";
import { json, parseJsonBody } from "../../../../server/http";
import { workspaceRoute } from "../../../../server/route";

export const GET = workspaceRoute({ permission: "manage" }, async ({ workspaceId }) =>
  json({ items: await listTokens(prisma(), workspaceId) }),
);

export const POST = workspaceRoute({ permission: "manage" }, async ({ request, workspaceId, access }) => {
  const body = await parseJsonBody(request, createApiTokenBodySchema);
  const created = await createToken(prisma(), {
    workspaceId,
    name: body.name,
    scopes: body.scopes,
    expiresInDays: body.expires_in_days,
    createdByUserId: access.principal.kind === "session" ? access.principal.user.userId : null,
  });
  return json(created, { status: 201 });
});
