import type { Metadata } from "next";
import { listCollectorHealth, listIngestionJobs, queueDepths } from "../../../features/ingestion/queries";
import { JOB_LIST_KEYS, PARKED_QUERY } from "../../../features/ingestion/page-queries";
import { ingestionJobListQuerySchema } from "../../../features/ingestion/schemas";
import { IngestionView } from "../../../features/ingestion/ui/ingestion-view";
import { taggerStatus } from "../../../features/ingestion/tagger-status";
import { TaggerPauseNotice } from "../../../features/ingestion/ui/tagger-pause-notice";
import { readPrisma } from "../../../server/db";
import { firstRender, pickQueryString } from "../../../server/first-render";
import { parseQuery } from "../../../server/http";
import { requirePageAccess } from "../../../server/page-access";
import { queues } from "../../../server/queues";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Ingestion · CatSyphon" };

export default async function IngestionPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const access = await requirePageAccess();
  const workspaceId = access.workspace.id;
  const jobsQuery = pickQueryString(await searchParams, JOB_LIST_KEYS);
  const [initialCollectors, initialQueues, initialParked, initialJobs, tagger] = await Promise.all([
    firstRender("", async () => ({ items: await listCollectorHealth(readPrisma(), workspaceId, "UTC") })),
    firstRender("", () => queueDepths(readPrisma(), queues(), workspaceId)),
    firstRender(PARKED_QUERY, (request) =>
      listIngestionJobs(readPrisma(), workspaceId, parseQuery(request, ingestionJobListQuerySchema)),
    ),
    firstRender(jobsQuery, (request) =>
      listIngestionJobs(readPrisma(), workspaceId, parseQuery(request, ingestionJobListQuerySchema)),
    ),
    taggerStatus(readPrisma(), workspaceId),
  ]);
  return (
    <>
      <h1>Ingestion</h1>
      <TaggerPauseNotice initial={tagger} />
      <IngestionView
        canManage={access.permissions.has("manage")}
        initialCollectors={initialCollectors}
        initialQueues={initialQueues}
        initialParked={initialParked}
        initialJobs={initialJobs}
      />
    </>
  );
}
