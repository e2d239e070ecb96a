import type { Metadata } from "next";
import { listTokens } from "../../../../features/api-tokens/queries";
import { ApiTokensPanel } from "../../../../features/settings/api-tokens-panel";
import { NotAllowed } from "../../../../features/settings/not-allowed";
import { prisma } from "../../../../server/db";
import { requirePageAccess } from "../../../../server/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API tokens · Settings · CatSyphon" };

export default async function ApiTokensPage() {
  const access = await requirePageAccess();
  if (!access.permissions.has("manage")) return <NotAllowed role={access.role} what="API tokens" />;
  const items = await listTokens(prisma(), access.workspace.id);
  return <ApiTokensPanel initial={{ items }} />;
}
