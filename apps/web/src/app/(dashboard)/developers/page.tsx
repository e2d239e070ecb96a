import type { Metadata } from "next";
import { listDevelopers } from "../../../features/developers/queries";
import { developerListQuerySchema } from "../../../features/developers/schemas";
import { DevelopersView } from "../../../features/developers/ui/developers-view";
import { readPrisma } from "../../../server/db";
import { firstRender, pickQueryString } from "../../../server/first-render";
import { parseQuery } from "../../../server/http";
import { requirePageAccess } from "../../../server/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Developers · CatSyphon" };

export default async function DevelopersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const access = await requirePageAccess();
  const queryString = pickQueryString(await searchParams, ["page"]);
  const initial = await firstRender(queryString, (request) =>
    listDevelopers(readPrisma(), access.workspace.id, parseQuery(request, developerListQuerySchema)),
  );
  return (
    <>
      <h1>Developers</h1>
      <DevelopersView initial={initial} />
    </>
  );
}
