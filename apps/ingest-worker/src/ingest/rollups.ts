// The activity aggregates the dashboard reads (decision 0033), kept in the transaction that writes the rows:
// - conversation_rollups: one conversation's new messages per 15-minute bucket and model (added by the message
//   insert itself, so they count exactly the rows written);
// - workspace_rollups: the same per workspace, bucket, agent, model, project and developer, plus the sessions
//   counted at their start bucket (main or sub-agent, succeeded or failed);
// - tool_rollups: tool calls and failed calls per bucket and tool;
// - day_rollups, total_rollups, tool_day_rollups (decision 0053): workspace_rollups per UTC day and one dimension,
//   workspace_rollups per bucket over all dimensions, tool_rollups per UTC day; every delta added to a 15-minute
//   table is added to its coarser tables by the same statement.
// A conversation's project, developer, agent, type, start and success may change after its rows are counted (a
// late session_start, a child linked to its parent, a completion request). Whoever changes them reads the
// conversation's counted state before (row locked) and after, and moves its contributions: the message sums from
// the old dimensions to the new, the session's count from the old key to the new. All changes of a transaction
// become one net delta per workspace_rollups row, applied by one statement in key order, table after table (so
// concurrent workers take the shared rows in the same order and cannot deadlock), as the transaction's last write
// (the shared rows stay locked until commit).
import { type SqlRunner } from "./sql-transaction";

/** The key value meaning "no project" / "no developer" (a key column cannot be NULL). */
export const NO_ID = "00000000-0000-0000-0000-000000000000";

/** The 15-minute bucket of a timestamptz expression. */
export const bucketOf = (expression: string) =>
  `date_bin('15 minutes', ${expression}, TIMESTAMPTZ '2000-01-01 00:00:00+00')`;

/** What the aggregates count of a conversation, besides its messages. Buckets as Postgres text. */
export interface CountedState {
  id: string;
  workspace_id: string;
  agent_type: string;
  project_id: string;
  developer_id: string;
  conversation_type: string;
  start_bucket: string | null;
  success: boolean | null;
}

/** The select list of a conversation's CountedState, from the table alias given. */
export const countedStateColumns = (alias: string) =>
  `${alias}.id::text AS id, ${alias}.workspace_id::text AS workspace_id, ${alias}.agent_type,
   COALESCE(${alias}.project_id, '${NO_ID}')::text AS project_id,
   COALESCE(${alias}.developer_id, '${NO_ID}')::text AS developer_id,
   ${alias}.conversation_type::text AS conversation_type,
   (${bucketOf(`${alias}.start_time`)})::text AS start_bucket, ${alias}.success`;

/** A conversation's new messages in one bucket and model (numbers as text: sums are exact in Postgres). */
export interface MessageDelta {
  bucket: string;
  model: string;
  messages: string;
  tool_calls: string;
  input_tokens: string;
  output_tokens: string;
  cache_read_tokens: string;
  cache_creation_tokens: string;
  cost_usd: string;
}

/** Tool calls (new) and failures (results joined into calls) of one bucket and tool. */
export interface ToolDelta {
  bucket: string;
  tool_name: string;
  calls: number;
  failures: number;
}

/** A conversation's counted state before a change (null: created in this transaction) and after it. */
export interface Transition {
  before: CountedState | null;
  after: CountedState;
}

/** The conversation's counted state; `lock` also takes its row lock until commit. */
export async function readCountedState(
  tx: SqlRunner,
  conversationId: string,
  options: { lock: boolean },
): Promise<CountedState | undefined> {
  const [row] = await tx.$queryRawUnsafe<CountedState[]>(
    `SELECT ${countedStateColumns("c")} FROM conversations c WHERE c.id = $1::uuid
     ${options.lock ? "FOR NO KEY UPDATE" : ""}`,
    conversationId,
  );
  return row;
}

/**
 * Runs an UPDATE of conversations that may change what is counted, and returns each changed row's state before
 * and after. `candidates` selects (`SELECT c.id FROM conversations c ...`) the rows the update may touch; they are
 * locked and read first. `update` is the UPDATE (alias c) without RETURNING; its WHERE must include
 * `c.id IN (SELECT id::uuid FROM before)`.
 */
export async function trackedUpdate(
  tx: SqlRunner,
  candidates: string,
  update: string,
  ...values: unknown[]
): Promise<Transition[]> {
  const rows = await tx.$queryRawUnsafe<{ before: CountedState; after: CountedState }[]>(
    `WITH before AS (
       SELECT ${countedStateColumns("c")} FROM conversations c WHERE c.id IN (${candidates}) FOR NO KEY UPDATE),
     after AS (${update} RETURNING ${countedStateColumns("c")})
     SELECT row_to_json(b) AS before, row_to_json(a) AS after FROM before b JOIN after a USING (id)`,
    ...values,
  );
  return rows;
}

const dimensionsOf = (s: CountedState) =>
  [s.workspace_id, s.agent_type, s.project_id, s.developer_id].join("\n");
const sessionKeyOf = (s: CountedState) =>
  [dimensionsOf(s), s.start_bucket, s.conversation_type, String(s.success)].join("\n");

/** One signed contribution to a workspace_rollups row (summed per key in Postgres). */
interface Contribution {
  state: CountedState;
  bucket: string;
  model: string;
  sign: 1 | -1;
  messages: MessageDelta | null;
  session: boolean;
}

const ZERO_DELTA = "0";

function messageColumns(contributions: readonly Contribution[]) {
  const of = (pick: (delta: MessageDelta) => string) =>
    contributions.map((c) => (c.messages ? pick(c.messages) : ZERO_DELTA));
  return [
    of((d) => d.messages),
    of((d) => d.tool_calls),
    of((d) => d.input_tokens),
    of((d) => d.output_tokens),
    of((d) => d.cache_read_tokens),
    of((d) => d.cache_creation_tokens),
    of((d) => d.cost_usd),
  ];
}

/** The conversations' present conversation_rollups rows, by conversation id. */
async function rollupsOf(tx: SqlRunner, ids: readonly string[]): Promise<Map<string, MessageDelta[]>> {
  const byConversation = new Map<string, MessageDelta[]>();
  if (ids.length === 0) return byConversation;
  const rows = await tx.$queryRawUnsafe<(MessageDelta & { conversation_id: string })[]>(
    `SELECT conversation_id::text AS conversation_id, bucket_start::text AS bucket, model, messages::text,
            tool_calls::text, input_tokens::text, output_tokens::text, cache_read_tokens::text,
            cache_creation_tokens::text, cost_usd::text
     FROM conversation_rollups WHERE conversation_id = ANY($1::uuid[])`,
    ids,
  );
  for (const { conversation_id, ...delta } of rows) {
    byConversation.set(conversation_id, [...(byConversation.get(conversation_id) ?? []), delta]);
  }
  return byConversation;
}

/** What one write transaction changed: its own conversation, the messages it wrote, other conversations. */
export interface RollupChanges {
  own: Transition;
  /** This transaction's new messages of `own` (already in conversation_rollups). */
  newMessages: readonly MessageDelta[];
  /** Other conversations the transaction changed (children linked to it, inheriting its project). */
  others: readonly Transition[];
  tools: readonly ToolDelta[];
}

/**
 * Applies a transaction's changes to workspace_rollups and tool_rollups: the new messages count at their
 * conversation's final dimensions, and every transition moves what changed. One statement per table.
 */
export async function applyRollups(tx: SqlRunner, changes: RollupChanges): Promise<void> {
  const contributions: Contribution[] = [];
  const transitions = [changes.own, ...changes.others];
  const moved = transitions.filter((t) => t.before && dimensionsOf(t.before) !== dimensionsOf(t.after));
  const present = await rollupsOf(
    tx,
    moved.map((t) => t.after.id),
  );
  const add = (state: CountedState, delta: MessageDelta, sign: 1 | -1) =>
    contributions.push({
      state,
      bucket: delta.bucket,
      model: delta.model,
      sign,
      messages: delta,
      session: false,
    });
  const session = (state: CountedState, sign: 1 | -1) => {
    if (state.start_bucket === null) return;
    contributions.push({ state, bucket: state.start_bucket, model: "", sign, messages: null, session: true });
  };
  for (const transition of transitions) {
    const { before, after } = transition;
    const written = transition === changes.own ? changes.newMessages : [];
    if (before && moved.includes(transition)) {
      // Everything counted so far leaves the old dimensions (this write's messages never were there).
      for (const delta of present.get(after.id) ?? []) {
        add(before, delta, -1);
        add(after, delta, 1);
      }
      for (const delta of written) add(before, delta, 1);
    } else {
      for (const delta of written) add(after, delta, 1);
    }
    if (before && sessionKeyOf(before) === sessionKeyOf(after)) continue;
    if (before) session(before, -1);
    session(after, 1);
  }
  if (contributions.length > 0) await applyWorkspaceContributions(tx, contributions);
  if (changes.tools.length > 0) await applyToolDeltas(tx, changes.own.after.workspace_id, changes.tools);
}

/** The sums every activity aggregate holds, in workspace_rollups' column order. */
const ACTIVITY_COUNTS = [
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
] as const;

const summed = (alias: string) => ACTIVITY_COUNTS.map((c) => `sum(${alias}.${c}) AS ${c}`).join(", ");
/** Rows whose net change is zero (moves that cancel out) are not written. */
const nonZero = (alias: string) =>
  `(${ACTIVITY_COUNTS.map((c) => `${alias}.${c}`).join(", ")}) IS DISTINCT FROM (${ACTIVITY_COUNTS.map(() => "0").join(", ")})`;
const addedOnConflict = (table: string) =>
  ACTIVITY_COUNTS.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(", ");

/**
 * The statement that adds net activity deltas (a CTE or table named `net` with workspace_rollups' key and count
 * columns, one row per key) to workspace_rollups, to its per-UTC-day sums per dimension (day_rollups) and to its
 * per-bucket totals (total_rollups), in that order: before a step writes its first row it has read the RETURNING
 * of every step before it (a scalar subquery, evaluated with the first row that passes), which runs those to
 * completion; and each table's rows are taken in key order. So every writer locks the shared rows in the same
 * order (decision 0053). `prelude` defines `net` (`WITH net AS (...)` plus any CTE it needs).
 */
export function addActivityDeltas(prelude: string): string {
  const counts = ACTIVITY_COUNTS.join(", ");
  return `${prelude},
     workspace_added AS (
       INSERT INTO workspace_rollups AS w (workspace_id, bucket_start, agent_type, model, project_id, developer_id,
                                           ${counts})
       SELECT workspace_id, bucket_start, agent_type, model, project_id, developer_id, ${counts} FROM net n
       WHERE ${nonZero("n")}
       ORDER BY workspace_id, bucket_start, agent_type, model, project_id, developer_id
       ON CONFLICT (workspace_id, bucket_start, agent_type, model, project_id, developer_id) DO UPDATE SET
         ${addedOnConflict("w")}
       RETURNING 1),
     day_net AS (
       SELECT n.workspace_id, (n.bucket_start AT TIME ZONE 'UTC')::date AS day, d.dimension, d.value, ${summed("n")}
       FROM net n
       CROSS JOIN LATERAL (VALUES ('agent'::rollup_dimension, n.agent_type), ('model', n.model),
                                  ('project', n.project_id::text), ('developer', n.developer_id::text))
         AS d(dimension, value)
       GROUP BY 1, 2, 3, 4),
     day_added AS (
       INSERT INTO day_rollups AS r (workspace_id, day, dimension, value, ${counts})
       SELECT workspace_id, day, dimension, value, ${counts} FROM day_net n
       WHERE ${nonZero("n")} AND (SELECT count(*) FROM workspace_added) >= 0
       ORDER BY workspace_id, day, dimension, value
       ON CONFLICT (workspace_id, day, dimension, value) DO UPDATE SET ${addedOnConflict("r")}
       RETURNING 1),
     total_net AS (
       SELECT n.workspace_id, n.bucket_start, ${summed("n")} FROM net n GROUP BY 1, 2),
     total_added AS (
       INSERT INTO total_rollups AS t (workspace_id, bucket_start, ${counts})
       SELECT workspace_id, bucket_start, ${counts} FROM total_net n
       WHERE ${nonZero("n")}
         AND (SELECT count(*) FROM workspace_added) + (SELECT count(*) FROM day_added) >= 0
       ORDER BY workspace_id, bucket_start
       ON CONFLICT (workspace_id, bucket_start) DO UPDATE SET ${addedOnConflict("t")}
       RETURNING 1)`;
}

async function applyWorkspaceContributions(tx: SqlRunner, contributions: readonly Contribution[]) {
  const sessionFlag = (pick: (c: Contribution) => boolean) => contributions.map((c) => (pick(c) ? 1 : 0));
  await tx.$executeRawUnsafe(
    `${addActivityDeltas(`WITH net AS (
       SELECT u.workspace_id::uuid AS workspace_id, u.bucket::timestamptz AS bucket_start, u.agent_type, u.model,
              u.project_id::uuid AS project_id, u.developer_id::uuid AS developer_id,
              sum(u.sign * u.messages::bigint) AS messages, sum(u.sign * u.tool_calls::bigint) AS tool_calls,
              sum(u.sign * u.input::bigint) AS input_tokens, sum(u.sign * u.output::bigint) AS output_tokens,
              sum(u.sign * u.cache_read::bigint) AS cache_read_tokens,
              sum(u.sign * u.cache_creation::bigint) AS cache_creation_tokens,
              sum(u.sign * u.cost::numeric) AS cost_usd, sum(u.sign * u.main) AS sessions,
              sum(u.sign * u.agent) AS subagent_sessions, sum(u.sign * u.succeeded) AS succeeded,
              sum(u.sign * u.failed) AS failed
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[],
                   $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[],
                   $15::int[], $16::int[], $17::int[], $18::int[])
            AS u(workspace_id, bucket, agent_type, model, project_id, developer_id, sign, messages, tool_calls,
                 input, output, cache_read, cache_creation, cost, main, agent, succeeded, failed)
       GROUP BY 1, 2, 3, 4, 5, 6)`)}
     SELECT count(*) FROM total_added`,
    contributions.map((c) => c.state.workspace_id),
    contributions.map((c) => c.bucket),
    contributions.map((c) => c.state.agent_type),
    contributions.map((c) => c.model),
    contributions.map((c) => c.state.project_id),
    contributions.map((c) => c.state.developer_id),
    contributions.map((c) => c.sign),
    ...messageColumns(contributions),
    sessionFlag((c) => c.session && c.state.conversation_type === "main"),
    sessionFlag((c) => c.session && c.state.conversation_type !== "main"),
    sessionFlag((c) => c.session && c.state.success === true),
    sessionFlag((c) => c.session && c.state.success === false),
  );
}

/** Tool calls and failures per bucket (tool_rollups) and per UTC day (tool_day_rollups), in that order. */
async function applyToolDeltas(tx: SqlRunner, workspaceId: string, tools: readonly ToolDelta[]) {
  await tx.$executeRawUnsafe(
    `WITH net AS (
       SELECT $1::uuid AS workspace_id, u.bucket::timestamptz AS bucket_start, u.tool_name, sum(u.calls) AS calls,
              sum(u.failures) AS failures
       FROM unnest($2::text[], $3::text[], $4::int[], $5::int[]) AS u(bucket, tool_name, calls, failures)
       GROUP BY 1, 2, 3),
     bucket_added AS (
       INSERT INTO tool_rollups AS t (workspace_id, bucket_start, tool_name, calls, failures)
       SELECT workspace_id, bucket_start, tool_name, calls, failures FROM net
       ORDER BY 1, 2, 3
       ON CONFLICT (workspace_id, bucket_start, tool_name) DO UPDATE SET
         calls = t.calls + excluded.calls, failures = t.failures + excluded.failures
       RETURNING 1),
     day_added AS (
       INSERT INTO tool_day_rollups AS t (workspace_id, day, tool_name, calls, failures)
       SELECT workspace_id, (bucket_start AT TIME ZONE 'UTC')::date, tool_name, sum(calls), sum(failures) FROM net
       -- After every bucket row (the same lock order for every writer).
       WHERE (SELECT count(*) FROM bucket_added) >= 0
       GROUP BY 1, 2, 3
       ORDER BY 1, 2, 3
       ON CONFLICT (workspace_id, day, tool_name) DO UPDATE SET
         calls = t.calls + excluded.calls, failures = t.failures + excluded.failures
       RETURNING 1)
     SELECT count(*) FROM day_added`,
    workspaceId,
    tools.map((t) => t.bucket),
    tools.map((t) => t.tool_name),
    tools.map((t) => t.calls),
    tools.map((t) => t.failures),
  );
}
