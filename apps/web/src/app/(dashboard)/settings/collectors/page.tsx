import type { Metadata } from "next";
import { listWorkspaceCollectors } from "../../../../features/collectors/queries";
import { CollectorsPanel } from "../../../../features/settings/collectors-panel";
import { prisma } from "../../../../server/db";
import { requirePageAccess } from "../../../../server/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Collectors · Settings · CatSyphon" };

export default async function CollectorsPage() {
  const access = await requirePageAccess();
  const items = await listWorkspaceCollectors(prisma(), access.workspace.id);
  return <CollectorsPanel initial={{ items }} />;
}
