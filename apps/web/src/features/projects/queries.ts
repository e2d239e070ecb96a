import "server-only";
// Project reads. Totals come from the aggregates the worker maintains (decision 0033); every function takes the
// workspace id the route wrapper resolved, so another workspace's project is not found.
import { type PrismaClient } from "@catsyphon/db";
import { type z } from "zod";
import { type DayRange } from "../activity/range";
import { totalsPerEntity } from "../activity/per-entity";
import { summarizeActivity } from "../activity/summary";
import { isoOrNull } from "../shared-schemas";
import {
  type projectDetailSchema,
  type projectFileListSchema,
  type projectFilesQuerySchema,
  type projectListQuerySchema,
  type projectListSchema,
} from "./schemas";

interface ProjectRow {
  id: string;
  name: string;
  directory_path: string;
}

export async function listProjects(
  prisma: PrismaClient,
  workspaceId: string,
  query: z.output<typeof projectListQuerySchema>,
): Promise<z.output<typeof projectListSchema>> {
  const [total, rows] = await Promise.all([
    prisma.project.count({ where: { workspaceId } }),
    // Newest activity first (one index probe per project).
    prisma.$queryRaw<ProjectRow[]>`
      SELECT p.id::text AS id, p.name, p.directory_path FROM projects p
      WHERE p.workspace_id = ${workspaceId}::uuid
      ORDER BY (SELECT max(c.last_activity_at) FROM conversations c
                WHERE c.workspace_id = p.workspace_id AND c.project_id = p.id) DESC NULLS LAST, p.name, p.id
      LIMIT ${query.page_size} OFFSET ${(query.page - 1) * query.page_size}`,
  ]);
  const totals = await totalsPerEntity(
    prisma,
    workspaceId,
    "project",
    rows.map((row) => row.id),
  );
  return {
    items: rows.map((row) => {
      const entry = totals.get(row.id);
      if (!entry) throw new Error(`no totals for ${row.id}`);
      const { others, last_activity_at, ...counts } = entry;
      return { ...row, last_activity_at: isoOrNull(last_activity_at), ...counts, developers: others };
    }),
    total,
    page: query.page,
    page_size: query.page_size,
    pages: Math.ceil(total / query.page_size),
  };
}

/** The project with this id in this workspace, or undefined. */
export async function findProject(
  prisma: PrismaClient,
  workspaceId: string,
  id: string,
): Promise<ProjectRow | undefined> {
  const row = await prisma.project.findFirst({
    where: { id, workspaceId },
    select: { id: true, name: true, directoryPath: true },
  });
  return row ? { id: row.id, name: row.name, directory_path: row.directoryPath } : undefined;
}

export async function getProject(
  prisma: PrismaClient,
  workspaceId: string,
  id: string,
  range: DayRange,
): Promise<z.output<typeof projectDetailSchema> | undefined> {
  const project = await findProject(prisma, workspaceId, id);
  if (!project) return undefined;
  const [allTime, inRange, totals] = await Promise.all([
    summarizeActivity(prisma, workspaceId, { projectId: id }, null),
    summarizeActivity(prisma, workspaceId, { projectId: id }, range),
    totalsPerEntity(prisma, workspaceId, "project", [id]),
  ]);
  return {
    ...project,
    last_activity_at: isoOrNull(totals.get(id)?.last_activity_at ?? null),
    totals: allTime.totals,
    range,
    daily: inRange.daily,
    developers: allTime.byDeveloper,
    agents: allTime.byAgent,
  };
}

interface FileRow {
  file_path: string;
  touches: number;
  lines_added: number;
  lines_deleted: number;
  last_touched: Date | null;
  developers: string[];
}

/** Files touched by the project's sessions, most touched first. */
export async function listProjectFiles(
  prisma: PrismaClient,
  workspaceId: string,
  projectId: string,
  query: z.output<typeof projectFilesQuerySchema>,
): Promise<z.output<typeof projectFileListSchema>> {
  const [counted] = await prisma.$queryRaw<{ total: number }[]>`
    SELECT count(DISTINCT f.file_path)::int AS total
    FROM conversations c JOIN files_touched f ON f.conversation_id = c.id
    WHERE c.workspace_id = ${workspaceId}::uuid AND c.project_id = ${projectId}::uuid`;
  const rows = await prisma.$queryRaw<FileRow[]>`
    SELECT f.file_path, count(*)::int AS touches, COALESCE(sum(f.lines_added), 0)::int AS lines_added,
           COALESCE(sum(f.lines_deleted), 0)::int AS lines_deleted, max(f.touched_at) AS last_touched,
           COALESCE(array_agg(DISTINCT d.username ORDER BY d.username) FILTER (WHERE d.username IS NOT NULL),
                    '{}') AS developers
    FROM conversations c
    JOIN files_touched f ON f.conversation_id = c.id
    LEFT JOIN developers d ON d.id = c.developer_id
    WHERE c.workspace_id = ${workspaceId}::uuid AND c.project_id = ${projectId}::uuid
    GROUP BY f.file_path
    ORDER BY touches DESC, f.file_path
    LIMIT ${query.page_size} OFFSET ${(query.page - 1) * query.page_size}`;
  const total = counted?.total ?? 0;
  return {
    items: rows.map((row) => ({ ...row, last_touched: isoOrNull(row.last_touched) })),
    total,
    page: query.page,
    page_size: query.page_size,
    pages: Math.ceil(total / query.page_size),
  };
}
