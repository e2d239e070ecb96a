import type { Metadata } from "next";
import { listInvites } from "../../../../features/invites/queries";
import { InvitesPanel } from "../../../../features/settings/invites-panel";
import { NotAllowed } from "../../../../features/settings/not-allowed";
import { prisma } from "../../../../server/db";
import { requirePageAccess } from "../../../../server/page-access";
import { manageableRoles } from "../../../../server/roles";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Invites · Settings · CatSyphon" };

export default async function InvitesPage() {
  const access = await requirePageAccess();
  if (!access.permissions.has("manage")) return <NotAllowed role={access.role} what="invitations" />;
  const items = await listInvites(prisma(), access.workspace.id);
  return <InvitesPanel initial={{ items }} roles={manageableRoles(access.permissions)} />;
}
