// The activity aggregates (decisions 0033 and 0053) recomputed from the messages and conversations rows, next to what
// the worker maintained: tests assert the two agree exactly. Rows whose every count is 0 (left by moves) are ignored.
import { Client } from "pg";

const BUCKET = (column: string) => `date_bin('15 minutes', ${column}, TIMESTAMPTZ '2000-01-01 00:00:00+00')`;
const NO_ID = "'00000000-0000-0000-0000-000000000000'::uuid";

const WORKSPACE_FROM_ROWS = `
  SELECT workspace_id, bucket_start, agent_type, model, project_id, developer_id,
         sum(messages)::bigint AS messages, sum(tool_calls)::bigint AS tool_calls,
         sum(input_tokens)::bigint AS input_tokens, sum(output_tokens)::bigint AS output_tokens,
         sum(cache_read_tokens)::bigint AS cache_read_tokens, sum(cache_creation_tokens)::bigint AS cache_creation_tokens,
         sum(cost_usd)::numeric(38, 10) AS cost_usd, sum(sessions)::int AS sessions,
         sum(subagent_sessions)::int AS subagent_sessions, sum(succeeded)::int AS succeeded, sum(failed)::int AS failed
  FROM (
    SELECT c.workspace_id, ${BUCKET("m.emitted_at")} AS bucket_start, c.agent_type,
           COALESCE(m.extra_data->>'model', '') AS model, COALESCE(c.project_id, ${NO_ID}) AS project_id,
           COALESCE(c.developer_id, ${NO_ID}) AS developer_id, 1 AS messages,
           (m.message_type = 'tool_call')::int AS tool_calls,
           COALESCE((m.extra_data->'token_usage'->>'input_tokens')::bigint, 0) AS input_tokens,
           COALESCE((m.extra_data->'token_usage'->>'output_tokens')::bigint, 0) AS output_tokens,
           COALESCE((m.extra_data->'token_usage'->>'cache_read_tokens')::bigint, 0) AS cache_read_tokens,
           COALESCE((m.extra_data->'token_usage'->>'cache_creation_tokens')::bigint, 0) AS cache_creation_tokens,
           COALESCE(m.cost_usd, 0) AS cost_usd, 0 AS sessions, 0 AS subagent_sessions, 0 AS succeeded, 0 AS failed
    FROM messages m JOIN conversations c ON c.id = m.conversation_id
    WHERE c.workspace_id = $1::uuid
    UNION ALL
    SELECT c.workspace_id, ${BUCKET("c.start_time")}, c.agent_type, '', COALESCE(c.project_id, ${NO_ID}),
           COALESCE(c.developer_id, ${NO_ID}), 0, 0, 0, 0, 0, 0, 0,
           (c.conversation_type = 'main')::int, (c.conversation_type = 'agent')::int,
           (c.success IS TRUE)::int, (c.success IS FALSE)::int
    FROM conversations c
    WHERE c.workspace_id = $1::uuid AND c.start_time IS NOT NULL) parts
  GROUP BY 1, 2, 3, 4, 5, 6`;

const MAINTAINED = `
  SELECT workspace_id, bucket_start, agent_type, model, project_id, developer_id, messages, tool_calls,
         input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, cost_usd::numeric(38, 10) AS cost_usd,
         sessions, subagent_sessions, succeeded, failed
  FROM workspace_rollups WHERE workspace_id = $1::uuid`;

const ACTIVITY_SUMS = `sum(messages)::bigint AS messages, sum(tool_calls)::bigint AS tool_calls,
  sum(input_tokens)::bigint AS input_tokens, sum(output_tokens)::bigint AS output_tokens,
  sum(cache_read_tokens)::bigint AS cache_read_tokens, sum(cache_creation_tokens)::bigint AS cache_creation_tokens,
  sum(cost_usd)::numeric(38, 10) AS cost_usd, sum(sessions)::int AS sessions,
  sum(subagent_sessions)::int AS subagent_sessions, sum(succeeded)::int AS succeeded, sum(failed)::int AS failed`;
const ACTIVITY_COLUMNS = `messages, tool_calls, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens,
  cost_usd::numeric(38, 10) AS cost_usd, sessions, subagent_sessions, succeeded, failed`;

// Decision 0053's coarser tables, from the rows too (not from workspace_rollups: each table is checked on its own).
const DAYS_FROM_ROWS = `
  SELECT workspace_id, (bucket_start AT TIME ZONE 'UTC')::date AS day, d.dimension, d.value, ${ACTIVITY_SUMS}
  FROM (${WORKSPACE_FROM_ROWS}) w
  CROSS JOIN LATERAL (VALUES ('agent', w.agent_type), ('model', w.model), ('project', w.project_id::text),
                             ('developer', w.developer_id::text)) AS d(dimension, value)
  GROUP BY 1, 2, 3, 4`;

const DAYS_MAINTAINED = `
  SELECT workspace_id, day, dimension::text AS dimension, value, ${ACTIVITY_COLUMNS}
  FROM day_rollups WHERE workspace_id = $1::uuid`;

const TOTALS_FROM_ROWS = `
  SELECT workspace_id, bucket_start, ${ACTIVITY_SUMS} FROM (${WORKSPACE_FROM_ROWS}) w GROUP BY 1, 2`;

const TOTALS_MAINTAINED = `
  SELECT workspace_id, bucket_start, ${ACTIVITY_COLUMNS} FROM total_rollups WHERE workspace_id = $1::uuid`;

const TOOLS_FROM_ROWS = `
  SELECT m.workspace_id, ${BUCKET("m.emitted_at")} AS bucket_start, COALESCE(m.tool_calls->0->>'tool_name', '') AS tool_name,
         count(*)::bigint AS calls, (count(*) FILTER (WHERE m.tool_calls->0->>'success' = 'false'))::bigint AS failures
  FROM messages m WHERE m.workspace_id = $1::uuid AND m.message_type = 'tool_call'
  GROUP BY 1, 2, 3`;

const TOOLS_MAINTAINED = `
  SELECT workspace_id, bucket_start, tool_name, calls, failures FROM tool_rollups WHERE workspace_id = $1::uuid`;

const TOOL_DAYS_FROM_ROWS = `
  SELECT workspace_id, (bucket_start AT TIME ZONE 'UTC')::date AS day, tool_name, sum(calls)::bigint AS calls,
         sum(failures)::bigint AS failures
  FROM (${TOOLS_FROM_ROWS}) t GROUP BY 1, 2, 3`;

const TOOL_DAYS_MAINTAINED = `
  SELECT workspace_id, day, tool_name, calls, failures FROM tool_day_rollups WHERE workspace_id = $1::uuid`;

const CONVERSATIONS_FROM_ROWS = `
  SELECT m.conversation_id, ${BUCKET("m.emitted_at")} AS bucket_start, COALESCE(m.extra_data->>'model', '') AS model,
         count(*)::bigint AS messages, COALESCE(sum(m.cost_usd), 0)::numeric(38, 10) AS cost_usd,
         COALESCE(sum((m.extra_data->'token_usage'->>'input_tokens')::bigint), 0)::bigint AS input_tokens
  FROM messages m WHERE m.workspace_id = $1::uuid
  GROUP BY 1, 2, 3`;

const CONVERSATIONS_MAINTAINED = `
  SELECT conversation_id, bucket_start, model, messages, cost_usd::numeric(38, 10) AS cost_usd, input_tokens
  FROM conversation_rollups WHERE workspace_id = $1::uuid`;

export interface RollupDifferences {
  /** Aggregate rows the rows imply but the worker did not keep (or kept with other numbers). */
  missing: string[];
  /** Aggregate rows the worker kept that the rows do not imply. */
  extra: string[];
}

/** Where the maintained aggregates of a workspace differ from the ones its rows imply; both empty = exact. */
export async function rollupDifferences(
  databaseUrl: string,
  workspaceId: string,
): Promise<RollupDifferences> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const nonZero = (sql: string, counts: string[]) =>
      `SELECT * FROM (${sql}) s WHERE ${counts.map((c) => `${c} <> 0`).join(" OR ")}`;
    const workspaceCounts = [
      "messages",
      "tool_calls",
      "input_tokens",
      "output_tokens",
      "cache_read_tokens",
      "cache_creation_tokens",
      "cost_usd",
      "sessions",
      "subagent_sessions",
      "succeeded",
      "failed",
    ];
    const pairs: [string, string][] = [
      [nonZero(WORKSPACE_FROM_ROWS, workspaceCounts), nonZero(MAINTAINED, workspaceCounts)],
      [nonZero(DAYS_FROM_ROWS, workspaceCounts), nonZero(DAYS_MAINTAINED, workspaceCounts)],
      [nonZero(TOTALS_FROM_ROWS, workspaceCounts), nonZero(TOTALS_MAINTAINED, workspaceCounts)],
      [nonZero(TOOLS_FROM_ROWS, ["calls", "failures"]), nonZero(TOOLS_MAINTAINED, ["calls", "failures"])],
      [
        nonZero(TOOL_DAYS_FROM_ROWS, ["calls", "failures"]),
        nonZero(TOOL_DAYS_MAINTAINED, ["calls", "failures"]),
      ],
      [
        nonZero(CONVERSATIONS_FROM_ROWS, ["messages"]),
        nonZero(CONVERSATIONS_MAINTAINED, ["messages", "cost_usd", "input_tokens"]),
      ],
    ];
    const result: RollupDifferences = { missing: [], extra: [] };
    for (const [fromRows, maintained] of pairs) {
      const rows = async (a: string, b: string) =>
        (
          await client.query<{ row: string }>(
            `SELECT x::text AS row FROM ((${a}) EXCEPT ALL (${b})) x ORDER BY 1`,
            [workspaceId],
          )
        ).rows.map((r) => r.row);
      result.missing.push(...(await rows(fromRows, maintained)));
      result.extra.push(...(await rows(maintained, fromRows)));
    }
    return result;
  } finally {
    await client.end();
  }
}
