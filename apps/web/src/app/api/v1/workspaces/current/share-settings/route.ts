import { setShareSettings, shareSettings } from "../../../../../../features/share-links/queries";
import { shareSettingsSchema } from "../../../../../../features/share-links/schemas";
import { prisma } from "../../../../../../server/db";
import { json, parseJsonBody } from "../../../../../../server/http";
import { workspaceRoute } from "../../../../../../server/route";

export const GET = workspaceRoute({ permission: "read" }, async ({ workspaceId }) =>
  json(await shareSettings(prisma(), workspaceId)),
);

// Only an owner decides whether share links open without signing in.
export const PUT = workspaceRoute({ permission: "manage_admins" }, async ({ request, workspaceId }) => {
  const body = await parseJsonBody(request, shareSettingsSchema);
  return json(await setShareSettings(prisma(), workspaceId, body.public_share_links));
});
