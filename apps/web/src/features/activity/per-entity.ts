import "server-only";
// All-time sums per project or per developer, for a page of them, from the aggregates (decision 0033).
import { type PrismaClient } from "@catsyphon/db";
import { type ActivityCounts } from "./schemas";
import { NO_ID } from "./summary";

export interface EntityTotals extends ActivityCounts {
  /** Distinct developers of a project, or projects of a developer. */
  others: number;
  last_activity_at: Date | null;
}

interface Row {
  id: string;
  sessions: string;
  subagent_sessions: string;
  messages: string;
  tool_calls: string;
  input_tokens: string;
  output_tokens: string;
  cache_read_tokens: string;
  cache_creation_tokens: string;
  cost_usd: string;
  others: number;
  last_activity_at: Date | null;
}

const EMPTY: EntityTotals = {
  sessions: 0,
  subagent_sessions: 0,
  messages: 0,
  tool_calls: 0,
  input_tokens: 0,
  output_tokens: 0,
  cache_read_tokens: 0,
  cache_creation_tokens: 0,
  total_tokens: 0,
  cost_usd: 0,
  others: 0,
  last_activity_at: null,
};

/** Totals of each id (a project's or a developer's), zeros for ids without activity. */
export async function totalsPerEntity(
  prisma: PrismaClient,
  workspaceId: string,
  kind: "project" | "developer",
  ids: readonly string[],
): Promise<Map<string, EntityTotals>> {
  if (ids.length === 0) return new Map();
  const own = kind === "project" ? "project_id" : "developer_id";
  const other = kind === "project" ? "developer_id" : "project_id";
  const rows = await prisma.$queryRawUnsafe<Row[]>(
    `SELECT e.id::text AS id, t.*, la.last_activity_at
     FROM unnest($2::uuid[]) AS e(id)
     CROSS JOIN LATERAL (
       SELECT COALESCE(sum(sessions), 0)::text AS sessions, COALESCE(sum(subagent_sessions), 0)::text AS subagent_sessions,
              COALESCE(sum(messages), 0)::text AS messages, COALESCE(sum(tool_calls), 0)::text AS tool_calls,
              COALESCE(sum(input_tokens), 0)::text AS input_tokens, COALESCE(sum(output_tokens), 0)::text AS output_tokens,
              COALESCE(sum(cache_read_tokens), 0)::text AS cache_read_tokens,
              COALESCE(sum(cache_creation_tokens), 0)::text AS cache_creation_tokens,
              COALESCE(sum(cost_usd), 0)::text AS cost_usd,
              -- Rows whose counts moved away (a later link) count no one.
              (count(DISTINCT w.${other}) FILTER (
                 WHERE w.${other} <> '${NO_ID}' AND w.sessions + w.subagent_sessions + w.messages <> 0))::int AS others
       FROM workspace_rollups w WHERE w.workspace_id = $1::uuid AND w.${own} = e.id) t
     -- The newest activity through the (workspace, ${own}, last_activity_at) index.
     CROSS JOIN LATERAL (
       SELECT max(c.last_activity_at) AS last_activity_at FROM conversations c
       WHERE c.workspace_id = $1::uuid AND c.${own} = e.id) la`,
    workspaceId,
    ids,
  );
  const totals = new Map<string, EntityTotals>();
  for (const row of rows) {
    const counts = {
      sessions: Number(row.sessions),
      subagent_sessions: Number(row.subagent_sessions),
      messages: Number(row.messages),
      tool_calls: Number(row.tool_calls),
      input_tokens: Number(row.input_tokens),
      output_tokens: Number(row.output_tokens),
      cache_read_tokens: Number(row.cache_read_tokens),
      cache_creation_tokens: Number(row.cache_creation_tokens),
      cost_usd: Number(row.cost_usd),
    };
    totals.set(row.id, {
      ...counts,
      total_tokens:
        counts.input_tokens + counts.output_tokens + counts.cache_read_tokens + counts.cache_creation_tokens,
      others: row.others,
      last_activity_at: row.last_activity_at,
    });
  }
  for (const id of ids) if (!totals.has(id)) totals.set(id, EMPTY);
  return totals;
}
