import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { resolveRange } from "../../../../features/activity/range";
import { RANGE_KEYS } from "../../../../features/activity/range-params";
import { listConversations } from "../../../../features/conversations/queries";
import { HOT_FILES_QUERY } from "../../../../features/projects/page-queries";
import { findProject, getProject, listProjectFiles } from "../../../../features/projects/queries";
import {
  projectDetailQuerySchema,
  projectFilesQuerySchema,
  projectParamsSchema,
  projectSessionsQuerySchema,
} from "../../../../features/projects/schemas";
import { ProjectDetailView } from "../../../../features/projects/ui/project-detail-view";
import { readPrisma } from "../../../../server/db";
import { firstRender, pickQueryString } from "../../../../server/first-render";
import { parseQuery } from "../../../../server/http";
import { requirePageAccess } from "../../../../server/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Project · CatSyphon" };

export default async function ProjectPage({
  params,
  searchParams,
}: {
  params: Promise<Record<string, string>>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const access = await requirePageAccess();
  const workspaceId = access.workspace.id;
  // A malformed id, like another workspace's, is a 404 (as in the API).
  const parsed = projectParamsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const { id } = parsed.data;
  if (!(await findProject(readPrisma(), workspaceId, id))) notFound();
  const record = await searchParams;
  const rangeQuery = pickQueryString(record, RANGE_KEYS);
  const sessionsQuery = pickQueryString(record, ["page"]);
  const [initial, initialFiles, initialSessions] = await Promise.all([
    firstRender(rangeQuery, async (request) => {
      const project = await getProject(
        readPrisma(),
        workspaceId,
        id,
        resolveRange(parseQuery(request, projectDetailQuerySchema)),
      );
      if (!project) notFound();
      return project;
    }),
    firstRender(HOT_FILES_QUERY, (request) =>
      listProjectFiles(readPrisma(), workspaceId, id, parseQuery(request, projectFilesQuerySchema)),
    ),
    firstRender(sessionsQuery, (request) =>
      listConversations(readPrisma(), workspaceId, {
        ...parseQuery(request, projectSessionsQuerySchema),
        project_id: id,
      }),
    ),
  ]);
  return (
    <ProjectDetailView
      id={id}
      initial={initial}
      initialFiles={initialFiles}
      initialSessions={initialSessions}
    />
  );
}
