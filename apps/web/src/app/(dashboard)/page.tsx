import type { Metadata } from "next";
import { resolveRange } from "../../features/activity/range";
import { RANGE_KEYS } from "../../features/activity/range-params";
import { listConversations } from "../../features/conversations/queries";
import { conversationListQuerySchema } from "../../features/conversations/schemas";
import { overview } from "../../features/stats/queries";
import { overviewQuerySchema } from "../../features/stats/schemas";
import { LIVE_BOARD_QUERY } from "../../features/stats/live-board-query";
import { OverviewView } from "../../features/stats/ui/overview-view";
import { readPrisma } from "../../server/db";
import { firstRender, pickQueryString } from "../../server/first-render";
import { parseQuery } from "../../server/http";
import { requirePageAccess } from "../../server/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Overview · CatSyphon" };

export default async function OverviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const access = await requirePageAccess();
  const workspaceId = access.workspace.id;
  const queryString = pickQueryString(await searchParams, RANGE_KEYS);
  const [initial, initialBoard] = await Promise.all([
    firstRender(queryString, (request) =>
      overview(readPrisma(), workspaceId, resolveRange(parseQuery(request, overviewQuerySchema))),
    ),
    firstRender(LIVE_BOARD_QUERY, (request) =>
      listConversations(readPrisma(), workspaceId, parseQuery(request, conversationListQuerySchema)),
    ),
  ]);
  return (
    <>
      <h1>Overview</h1>
      <OverviewView initial={initial} initialBoard={initialBoard} />
    </>
  );
}
