import type { Metadata } from "next";
import { listProjects } from "../../../features/projects/queries";
import { projectListQuerySchema } from "../../../features/projects/schemas";
import { ProjectsView } from "../../../features/projects/ui/projects-view";
import { readPrisma } from "../../../server/db";
import { firstRender, pickQueryString } from "../../../server/first-render";
import { parseQuery } from "../../../server/http";
import { requirePageAccess } from "../../../server/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Projects · CatSyphon" };

export default async function ProjectsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const access = await requirePageAccess();
  const queryString = pickQueryString(await searchParams, ["page"]);
  const initial = await firstRender(queryString, (request) =>
    listProjects(readPrisma(), access.workspace.id, parseQuery(request, projectListQuerySchema)),
  );
  return (
    <>
      <h1>Projects</h1>
      <ProjectsView initial={initial} />
    </>
  );
}
