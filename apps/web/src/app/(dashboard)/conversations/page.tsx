import type { Metadata } from "next";
import { firstListPage } from "../../../features/conversations/first-page";
import { filtersFromParams, paramsFromRecord } from "../../../features/conversations/list-filters";
import { ConversationsView } from "../../../features/conversations/ui/conversations-view";
import { requirePageAccess } from "../../../server/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Conversations · CatSyphon" };

export default async function ConversationsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const access = await requirePageAccess();
  const filters = filtersFromParams(paramsFromRecord(await searchParams));
  const initial = await firstListPage(access.workspace.id, filters);
  return (
    <>
      <h1>Conversations</h1>
      <ConversationsView initial={initial} />
    </>
  );
}
