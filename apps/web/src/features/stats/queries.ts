import "server-only";
// The overview reads the aggregates the worker maintains (decision 0033) and one indexed count of conversations.
import { type PrismaClient } from "@catsyphon/db";
import { type DayRange } from "../activity/range";
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
    prisma.$queryRaw<{ tool_name: string; calls: bigint; failures: bigint }[]>`
      SELECT tool_name, sum(calls)::bigint AS calls, sum(failures)::bigint AS failures
      FROM tool_rollups
      WHERE workspace_id = ${workspaceId}::uuid
        AND bucket_start >= (${range.start_date}::date)::timestamp AT TIME ZONE ${range.tz}
        AND bucket_start < (${range.end_date}::date + 1)::timestamp AT TIME ZONE ${range.tz}
      GROUP BY tool_name
      HAVING sum(calls) > 0
      ORDER BY calls DESC, tool_name
      LIMIT ${TOP_TOOLS}`,
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
