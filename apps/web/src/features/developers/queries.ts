import "server-only";
// Developer reads, from the aggregates the worker maintains (decision 0033), scoped to the route's workspace.
import { type PrismaClient } from "@catsyphon/db";
import { type z } from "zod";
import { type DayRange } from "../activity/range";
import { totalsPerEntity } from "../activity/per-entity";
import { summarizeActivity } from "../activity/summary";
import { isoOrNull } from "../shared-schemas";
import {
  type developerDetailSchema,
  type developerListQuerySchema,
  type developerListSchema,
} from "./schemas";

interface DeveloperRow {
  id: string;
  username: string;
  display_name: string | null;
}

export async function listDevelopers(
  prisma: PrismaClient,
  workspaceId: string,
  query: z.output<typeof developerListQuerySchema>,
): Promise<z.output<typeof developerListSchema>> {
  const [total, rows] = await Promise.all([
    prisma.developer.count({ where: { workspaceId } }),
    prisma.$queryRaw<DeveloperRow[]>`
      SELECT d.id::text AS id, d.username, d.display_name FROM developers d
      WHERE d.workspace_id = ${workspaceId}::uuid
      ORDER BY (SELECT max(c.last_activity_at) FROM conversations c
                WHERE c.workspace_id = d.workspace_id AND c.developer_id = d.id) DESC NULLS LAST, d.username, d.id
      LIMIT ${query.page_size} OFFSET ${(query.page - 1) * query.page_size}`,
  ]);
  const totals = await totalsPerEntity(
    prisma,
    workspaceId,
    "developer",
    rows.map((row) => row.id),
  );
  return {
    items: rows.map((row) => {
      const entry = totals.get(row.id);
      if (!entry) throw new Error(`no totals for ${row.id}`);
      const { others, last_activity_at, ...counts } = entry;
      return { ...row, last_activity_at: isoOrNull(last_activity_at), ...counts, projects: others };
    }),
    total,
    page: query.page,
    page_size: query.page_size,
    pages: Math.ceil(total / query.page_size),
  };
}

export async function getDeveloper(
  prisma: PrismaClient,
  workspaceId: string,
  id: string,
  range: DayRange,
): Promise<z.output<typeof developerDetailSchema> | undefined> {
  const developer = await prisma.developer.findFirst({
    where: { id, workspaceId },
    select: { id: true, username: true, displayName: true },
  });
  if (!developer) return undefined;
  const [allTime, inRange, totals] = await Promise.all([
    summarizeActivity(prisma, workspaceId, { developerId: id }, null),
    summarizeActivity(prisma, workspaceId, { developerId: id }, range),
    totalsPerEntity(prisma, workspaceId, "developer", [id]),
  ]);
  return {
    id: developer.id,
    username: developer.username,
    display_name: developer.displayName,
    last_activity_at: isoOrNull(totals.get(id)?.last_activity_at ?? null),
    totals: allTime.totals,
    range,
    daily: inRange.daily,
    projects: allTime.byProject,
    agents: allTime.byAgent,
  };
}
