import "server-only";
// Sums of the aggregates the worker maintains (decisions 0033 and 0053), never of messages. The workspace's range:
// the breakdowns from the per-UTC-day tables plus the 15-minute rows of the partial UTC days at the range's ends,
// the totals and the per-day series from the per-bucket totals. One project's or developer's (and all time): one
// pass over their workspace_rollups rows (GROUPING SETS), through the (workspace, project or developer) indexes.
import { type PrismaClient } from "@catsyphon/db";
import { daysOf, type DayRange } from "./range";
import { partialDayBuckets, rangeBuckets, rangeGrainCte, wholeDays } from "./range-grain";
import { type ActivityCounts } from "./schemas";

/** The key value the aggregates use for "no project" / "no developer". */
export const NO_ID = "00000000-0000-0000-0000-000000000000";

export interface ActivityFilter {
  projectId?: string;
  developerId?: string;
}

export interface ActivitySummary {
  totals: ActivityCounts & { success_rate: number | null };
  /** Every day of the range (zeros included); empty without a range. */
  daily: (ActivityCounts & { date: string })[];
  byAgent: (ActivityCounts & { agent_type: string })[];
  byModel: (ActivityCounts & { model: string })[];
  byProject: (ActivityCounts & { id: string | null; name: string | null })[];
  byDeveloper: (ActivityCounts & { id: string | null; username: string | null })[];
}

type SummaryKind = "total" | "day" | "agent" | "model" | "project" | "developer";

/** One sum: the range's total, one day's (key YYYY-MM-DD), or one agent's, model's, project's or developer's. */
interface SummaryRow {
  kind: SummaryKind;
  key: string | null;
  /** The project's name or the developer's username. */
  name: string | null;
  sessions: string;
  subagent_sessions: string;
  messages: string;
  tool_calls: string;
  input_tokens: string;
  output_tokens: string;
  cache_read_tokens: string;
  cache_creation_tokens: string;
  cost_usd: string;
  succeeded: string;
  failed: string;
}

const COUNT_COLUMNS = [
  "sessions",
  "subagent_sessions",
  "messages",
  "tool_calls",
  "input_tokens",
  "output_tokens",
  "cache_read_tokens",
  "cache_creation_tokens",
  "cost_usd",
  "succeeded",
  "failed",
] as const;
// Integer sums as bigint (not numeric, sum's type for bigint): the outer sum of the parts stays cheap.
const sums = (alias: string) =>
  COUNT_COLUMNS.map((c) => `sum(${alias}.${c})${c === "cost_usd" ? "" : "::bigint"} AS ${c}`).join(", ");
const sumsAsText = (alias: string) => COUNT_COLUMNS.map((c) => `sum(${alias}.${c})::text AS ${c}`).join(", ");

const ZERO: ActivityCounts = {
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
};

function countsOf(row: SummaryRow): ActivityCounts {
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
  return {
    ...counts,
    total_tokens:
      counts.input_tokens + counts.output_tokens + counts.cache_read_tokens + counts.cache_creation_tokens,
  };
}

const isEmpty = (c: ActivityCounts) =>
  c.sessions + c.subagent_sessions + c.messages === 0 && c.cost_usd === 0;
const byMessagesDesc = (a: ActivityCounts, b: ActivityCounts) =>
  b.sessions + b.subagent_sessions - (a.sessions + a.subagent_sessions) || b.messages - a.messages;

/** The workspace's activity (of one project or developer when the filter says so), in the range or of all time. */
export async function summarizeActivity(
  prisma: PrismaClient,
  workspaceId: string,
  filter: ActivityFilter,
  range: DayRange | null,
): Promise<ActivitySummary> {
  const rows =
    range && !filter.projectId && !filter.developerId
      ? await workspaceRangeRows(prisma, workspaceId, range)
      : await filteredRows(prisma, workspaceId, filter, range);
  return assemble(rows, range);
}

/** The names of the projects and developers of the sums `s` (kind, key). */
const NAMES = `
  LEFT JOIN projects p ON s.kind = 'project' AND p.workspace_id = $1::uuid AND p.id::text = s.key
  LEFT JOIN developers d ON s.kind = 'developer' AND d.workspace_id = $1::uuid AND d.id::text = s.key`;

/**
 * The workspace's range (decision 0053): bounded by the range's days x the distinct agents, models, projects and
 * developers, plus the 15-minute rows of at most one day's length (the partial UTC days), plus its buckets.
 */
async function workspaceRangeRows(prisma: PrismaClient, workspaceId: string, range: DayRange) {
  return prisma.$queryRawUnsafe<SummaryRow[]>(
    `WITH ${rangeGrainCte("$2", "$3", "$4")},
     parts AS (
       SELECT r.dimension::text AS kind, r.value AS key, ${sums("r")}
       FROM day_rollups r, range_grain g WHERE r.workspace_id = $1::uuid AND ${wholeDays("r")}
       GROUP BY r.dimension, r.value
       UNION ALL
       SELECT CASE WHEN GROUPING(w.agent_type) = 0 THEN 'agent' WHEN GROUPING(w.model) = 0 THEN 'model'
                   WHEN GROUPING(w.project_id) = 0 THEN 'project' ELSE 'developer' END,
              COALESCE(w.agent_type, w.model, w.project_id::text, w.developer_id::text), ${sums("w")}
       FROM workspace_rollups w, range_grain g
       WHERE w.workspace_id = $1::uuid AND ${partialDayBuckets("w")}
       GROUP BY GROUPING SETS ((w.agent_type), (w.model), (w.project_id), (w.developer_id))
       UNION ALL
       -- The local day of each bucket, then the day as text once per day.
       SELECT CASE WHEN GROUPING(t.day) = 0 THEN 'day' ELSE 'total' END, to_char(t.day, 'YYYY-MM-DD'), ${sums("t")}
       FROM (SELECT (t.bucket_start AT TIME ZONE $2)::date AS day, t.*
             FROM total_rollups t, range_grain g WHERE t.workspace_id = $1::uuid AND ${rangeBuckets("t")}) t
       GROUP BY GROUPING SETS ((), (t.day))),
     sums AS (SELECT s.kind, s.key, ${sumsAsText("s")} FROM parts s GROUP BY s.kind, s.key)
     SELECT s.*, COALESCE(p.name, d.username) AS name FROM sums s ${NAMES}`,
    workspaceId,
    range.tz,
    range.start_date,
    range.end_date,
  );
}

/** One project's or developer's activity, in the range or of all time: one pass over their 15-minute rows. */
async function filteredRows(
  prisma: PrismaClient,
  workspaceId: string,
  filter: ActivityFilter,
  range: DayRange | null,
) {
  const values: unknown[] = [workspaceId];
  const where = ["w.workspace_id = $1::uuid"];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  let day = "NULL::date";
  if (range) {
    const tz = param(range.tz);
    // Local midnight of the first day to local midnight after the last, in the range's zone.
    where.push(`w.bucket_start >= (${param(range.start_date)}::date)::timestamp AT TIME ZONE ${tz}`);
    where.push(`w.bucket_start < ((${param(range.end_date)}::date + 1))::timestamp AT TIME ZONE ${tz}`);
    day = `(w.bucket_start AT TIME ZONE ${tz})::date`;
  }
  if (filter.projectId) where.push(`w.project_id = ${param(filter.projectId)}::uuid`);
  if (filter.developerId) where.push(`w.developer_id = ${param(filter.developerId)}::uuid`);
  return prisma.$queryRawUnsafe<SummaryRow[]>(
    `WITH r AS (
       SELECT ${day} AS day, w.* FROM workspace_rollups w WHERE ${where.join(" AND ")}),
     sums AS (
       SELECT CASE WHEN GROUPING(r.day) = 0 THEN 'day' WHEN GROUPING(r.agent_type) = 0 THEN 'agent'
                   WHEN GROUPING(r.model) = 0 THEN 'model' WHEN GROUPING(r.project_id) = 0 THEN 'project'
                   WHEN GROUPING(r.developer_id) = 0 THEN 'developer' ELSE 'total' END AS kind,
              COALESCE(to_char(r.day, 'YYYY-MM-DD'), r.agent_type, r.model, r.project_id::text,
                       r.developer_id::text) AS key,
              ${sumsAsText("r")}
       FROM r
       GROUP BY GROUPING SETS ((), (r.day), (r.agent_type), (r.model), (r.project_id), (r.developer_id)))
     SELECT s.*, COALESCE(p.name, d.username) AS name FROM sums s ${NAMES}`,
    ...values,
  );
}

function assemble(rows: readonly SummaryRow[], range: DayRange | null): ActivitySummary {
  const summary: ActivitySummary = {
    totals: { ...ZERO, success_rate: null },
    daily: [],
    byAgent: [],
    byModel: [],
    byProject: [],
    byDeveloper: [],
  };
  const daily = new Map<string, ActivityCounts>();
  for (const row of rows) {
    const counts = countsOf(row);
    const none = row.key === NO_ID;
    switch (row.kind) {
      case "day":
        daily.set(row.key ?? "", counts);
        break;
      case "agent":
        summary.byAgent.push({ agent_type: row.key ?? "", ...counts });
        break;
      case "model":
        // Model '' holds the session counts and the messages without a model (prompts, tool calls).
        if (row.key) summary.byModel.push({ model: row.key, ...counts });
        break;
      case "project":
        summary.byProject.push({ id: none ? null : row.key, name: none ? null : row.name, ...counts });
        break;
      case "developer":
        summary.byDeveloper.push({ id: none ? null : row.key, username: none ? null : row.name, ...counts });
        break;
      case "total": {
        const succeeded = Number(row.succeeded);
        const decided = succeeded + Number(row.failed);
        summary.totals = { ...counts, success_rate: decided === 0 ? null : succeeded / decided };
      }
    }
  }
  if (range) summary.daily = daysOf(range).map((date) => ({ date, ...(daily.get(date) ?? ZERO) }));
  const keep = <T extends ActivityCounts>(items: T[]) =>
    items.filter((item) => !isEmpty(item)).sort(byMessagesDesc);
  summary.byAgent = keep(summary.byAgent);
  summary.byModel = keep(summary.byModel).sort((a, b) => b.messages - a.messages);
  summary.byProject = keep(summary.byProject);
  summary.byDeveloper = keep(summary.byDeveloper);
  return summary;
}
