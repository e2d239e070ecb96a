import { listMembers } from "../../../../features/members/queries";
import { prisma } from "../../../../server/db";
import { json } from "../../../../server/http";
import { workspaceRoute } from "../../../../server/route";

export const GET = workspaceRoute({ permission: "read" }, async ({ workspaceId }) =>
  json({ items: await listMembers(prisma(), workspaceId) }),
);
