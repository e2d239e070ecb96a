import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { resolveRange } from "../../../../features/activity/range";
import { RANGE_KEYS } from "../../../../features/activity/range-params";
import { listConversations } from "../../../../features/conversations/queries";
import { conversationListQuerySchema } from "../../../../features/conversations/schemas";
import { developerSessionsQuery } from "../../../../features/developers/page-queries";
import { getDeveloper } from "../../../../features/developers/queries";
import { developerDetailQuerySchema, developerParamsSchema } from "../../../../features/developers/schemas";
import { DeveloperDetailView } from "../../../../features/developers/ui/developer-detail-view";
import { pageFromParams } from "../../../../client/page-param";
import { readPrisma } from "../../../../server/db";
import { firstRender, pickQueryString } from "../../../../server/first-render";
import { parseQuery } from "../../../../server/http";
import { requirePageAccess } from "../../../../server/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Developer · CatSyphon" };

export default async function DeveloperPage({
  params,
  searchParams,
}: {
  params: Promise<Record<string, string>>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const access = await requirePageAccess();
  const workspaceId = access.workspace.id;
  // A malformed id, like another workspace's, is a 404 (as in the API).
  const parsed = developerParamsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const { id } = parsed.data;
  const record = await searchParams;
  const rangeQuery = pickQueryString(record, RANGE_KEYS);
  const page = pageFromParams(new URLSearchParams(pickQueryString(record, ["page"])));
  const [initial, initialSessions] = await Promise.all([
    firstRender(rangeQuery, async (request) => {
      const developer = await getDeveloper(
        readPrisma(),
        workspaceId,
        id,
        resolveRange(parseQuery(request, developerDetailQuerySchema)),
      );
      if (!developer) notFound();
      return developer;
    }),
    firstRender(developerSessionsQuery(id, page), (request) =>
      listConversations(readPrisma(), workspaceId, parseQuery(request, conversationListQuerySchema)),
    ),
  ]);
  return <DeveloperDetailView id={id} initial={initial} initialSessions={initialSessions} />;
}
