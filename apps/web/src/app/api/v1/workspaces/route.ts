import { myWorkspaces } from "../../../../features/workspaces/queries";
import { prisma } from "../../../../server/db";
import { json } from "../../../../server/http";
import { userRoute } from "../../../../server/route";

export const GET = userRoute(async ({ request, user }) =>
  json({ items: await myWorkspaces(prisma(), request, user.userId) }),
);
