import type { Metadata } from "next";
import { headers } from "next/headers";
import { listWorkspaceCollectors } from "../../../../features/collectors/queries";
import { CollectorsPanel } from "../../../../features/settings/collectors-panel";
import { prisma } from "../../../../server/db";
import { webEnv } from "../../../../server/env";
import { requirePageAccess } from "../../../../server/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Collectors · Settings · CatSyphon" };

/** The ingest API's URL to paste on developer machines (decision 0047). */
async function ingestUrl(): Promise<string> {
  const configured = webEnv().CATSYPHON_PUBLIC_INGEST_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const host = (await headers()).get("host") ?? "localhost";
  // WHATWG URL keeps an IPv6 host in brackets, as a URL needs it.
  return `http://${new URL(`http://${host}`).hostname}:8000`;
}

export default async function CollectorsPage() {
  const access = await requirePageAccess();
  const items = await listWorkspaceCollectors(prisma(), access.workspace.id);
  return (
    <CollectorsPanel
      initial={{ items }}
      canManage={access.permissions.has("manage")}
      ingestUrl={await ingestUrl()}
    />
  );
}
