import "server-only";
// The overview reads the aggregates the worker maintains (decisions 0033 and 0053) and one indexed count of
// conversations.
import { type PrismaClient } from "@catsyphon/db";
import { type DayRange } from "../activity/range";
import { partialDayBuckets, rangeGrainCte, wholeDays } from "../activity/range-grain";
import { summarizeActivity } from "../activity/summary";
import { type Overview } from "./schemas";

/** A session is "active now" when it is open and wrote an event this recently (decision 0033). */
export const ACTIVE_NOW_MINUTES = 10;
const TOP_TOOLS = 10;

export async function overview(
  prisma: PrismaClient,
  workspaceId: string,
  range: DayRange,
): Promise<Overview> {
  const [summary, tools, active] = await Promise.all([
    summarizeActivity(prisma, workspaceId, {}, range),
    // Whole UTC days from tool_day_rollups, the partial ones at the ends from tool_rollups (decision 0053).
    prisma.$queryRawUnsafe<{ tool_name: string; calls: bigint; failures: bigint }[]>(
      `WITH ${rangeGrainCte("$2", "$3", "$4")},
       parts AS (
         SELECT t.tool_name, t.calls, t.failures FROM tool_day_rollups t, range_grain g
         WHERE t.workspace_id = $1::uuid AND ${wholeDays("t")}
         UNION ALL
         SELECT t.tool_name, t.calls, t.failures FROM tool_rollups t, range_grain g
         WHERE t.workspace_id = $1::uuid AND ${partialDayBuckets("t")})
       SELECT tool_name, sum(calls)::bigint AS calls, sum(failures)::bigint AS failures
       FROM parts
       GROUP BY tool_name
       HAVING sum(calls) > 0
       ORDER BY calls DESC, tool_name
       LIMIT ${TOP_TOOLS}`,
      workspaceId,
      range.tz,
      range.start_date,
      range.end_date,
    ),
    prisma.conversation.count({
      where: {
        workspaceId,
        status: "active",
        lastActivityAt: { gte: new Date(Date.now() - ACTIVE_NOW_MINUTES * 60_000) },
      },
    }),
  ]);
  return {
    range,
    totals: { ...summary.totals, active_now: active },
    daily: summary.daily,
    by_agent: summary.byAgent,
    by_model: summary.byModel,
    by_project: summary.byProject,
    by_developer: summary.byDeveloper,
    top_tools: tools.map((t) => ({
      tool_name: t.tool_name,
      calls: Number(t.calls),
      failures: Number(t.failures),
    })),
  };
}
