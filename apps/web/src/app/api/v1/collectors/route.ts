import { createWorkspaceCollector, listWorkspaceCollectors } from "../../../../features/collectors/queries";
import { createCollectorBodySchema } from "../../../../features/collectors/schemas";
import { prisma } from "../../../../server/db";
import { webEnv } from "../../../../server/env";
import { json, parseJsonBody } from "../../../../server/http";
import { workspaceRoute } from "../../../../server/route";

export const GET = workspaceRoute({ permission: "read" }, async ({ workspaceId }) =>
  json({ items: await listWorkspaceCollectors(prisma(), workspaceId) }),
);

export const POST = workspaceRoute({ permission: "manage" }, async ({ request, workspaceId }) => {
  const body = await parseJsonBody(request, createCollectorBodySchema);
  const created = await createWorkspaceCollector(prisma(), workspaceId, webEnv().CATSYPHON_KEY_ENV, body);
  return json(created, { status: 201 });
});
