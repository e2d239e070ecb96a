import type { Metadata } from "next";
import { listMembers } from "../../../../features/members/queries";
import { MembersPanel } from "../../../../features/settings/members-panel";
import { prisma } from "../../../../server/db";
import { requirePageAccess } from "../../../../server/page-access";
import { manageableRoles } from "../../../../server/roles";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Members · Settings · CatSyphon" };

export default async function MembersPage() {
  const access = await requirePageAccess();
  const items = await listMembers(prisma(), access.workspace.id);
  return (
    <MembersPanel
      initial={{ items }}
      manageableRoles={manageableRoles(access.permissions)}
      currentUserId={access.principal.user.userId}
    />
  );
}
