import "server-only";
// Sums of the aggregates the worker maintains (decision 0033), never of messages: one pass over the range's
// workspace_rollups rows gives the totals and every breakdown (GROUPING SETS).
import { type PrismaClient } from "@catsyphon/db";
import { daysOf, type DayRange } from "./range";
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

interface SummaryRow {
  by_day: boolean;
  by_agent: boolean;
  by_model: boolean;
  by_project: boolean;
  by_developer: boolean;
  day: string | null;
  agent_type: string | null;
  model: string | null;
  project_id: string | null;
  project_name: string | null;
  developer_id: string | null;
  username: string | null;
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
  const values: unknown[] = [workspaceId];
  const where = ["w.workspace_id = $1::uuid"];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  let day = "NULL::text";
  if (range) {
    const tz = param(range.tz);
    // Local midnight of the first day to local midnight after the last, in the range's zone.
    where.push(`w.bucket_start >= (${param(range.start_date)}::date)::timestamp AT TIME ZONE ${tz}`);
    where.push(`w.bucket_start < ((${param(range.end_date)}::date + 1))::timestamp AT TIME ZONE ${tz}`);
    day = `to_char((w.bucket_start AT TIME ZONE ${tz})::date, 'YYYY-MM-DD')`;
  }
  if (filter.projectId) where.push(`w.project_id = ${param(filter.projectId)}::uuid`);
  if (filter.developerId) where.push(`w.developer_id = ${param(filter.developerId)}::uuid`);
  const rows = await prisma.$queryRawUnsafe<SummaryRow[]>(
    `WITH r AS (
       SELECT ${day} AS day, w.* FROM workspace_rollups w WHERE ${where.join(" AND ")}),
     sums AS (
       SELECT GROUPING(day) = 0 AS by_day, GROUPING(agent_type) = 0 AS by_agent, GROUPING(model) = 0 AS by_model,
              GROUPING(project_id) = 0 AS by_project, GROUPING(developer_id) = 0 AS by_developer,
              day, agent_type, model, project_id, developer_id,
              sum(sessions)::text AS sessions, sum(subagent_sessions)::text AS subagent_sessions,
              sum(messages)::text AS messages, sum(tool_calls)::text AS tool_calls,
              sum(input_tokens)::text AS input_tokens, sum(output_tokens)::text AS output_tokens,
              sum(cache_read_tokens)::text AS cache_read_tokens,
              sum(cache_creation_tokens)::text AS cache_creation_tokens, sum(cost_usd)::text AS cost_usd,
              sum(succeeded)::text AS succeeded, sum(failed)::text AS failed
       FROM r
       GROUP BY GROUPING SETS ((), (day), (agent_type), (model), (project_id), (developer_id)))
     SELECT s.*, s.project_id::text AS project_id, s.developer_id::text AS developer_id, p.name AS project_name,
            d.username
     FROM sums s
     LEFT JOIN projects p ON p.id = s.project_id AND p.workspace_id = $1::uuid
     LEFT JOIN developers d ON d.id = s.developer_id AND d.workspace_id = $1::uuid`,
    ...values,
  );
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
    if (row.by_day) daily.set(row.day ?? "", counts);
    else if (row.by_agent) summary.byAgent.push({ agent_type: row.agent_type ?? "", ...counts });
    // Model '' holds the session counts and the messages without a model (prompts, tool calls).
    else if (row.by_model) {
      if (row.model) summary.byModel.push({ model: row.model, ...counts });
    } else if (row.by_project) {
      const none = row.project_id === NO_ID;
      summary.byProject.push({
        id: none ? null : row.project_id,
        name: none ? null : row.project_name,
        ...counts,
      });
    } else if (row.by_developer) {
      const none = row.developer_id === NO_ID;
      summary.byDeveloper.push({
        id: none ? null : row.developer_id,
        username: none ? null : row.username,
        ...counts,
      });
    } else {
      const succeeded = Number(row.succeeded);
      const decided = succeeded + Number(row.failed);
      summary.totals = { ...counts, success_rate: decided === 0 ? null : succeeded / decided };
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
