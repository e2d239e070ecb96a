// Applies accepted batches of one conversation to Postgres in one transaction (the worker hands over every batch
// of a conversation that is waiting, so a busy session costs a few statements per write, not per batch). Every
// statement is idempotent: applying a batch twice, or batches in any order, gives the same rows (unique keys +
// ON CONFLICT; counters grow only by the rows an insert really added; sequence, activity and end time only move
// forward).
import { type ProtocolEvent, type SessionEndEvent, type SessionStartEvent } from "@catsyphon/protocol";
import { type Pool } from "pg";
import { type IngestBatchJob } from "@catsyphon/queue";
import { columnArraySql, delimitedColumns } from "./delimited-columns";
import { applyEpochs } from "./epochs";
import { fileTouchesOf } from "./files-touched";
import { type PriceTable } from "../pricing/price-table";
import { recordSucceededJobs } from "./ingestion-jobs";
import { type MessageRow, messageRowOf, toolUseIdOf } from "./message-rows";
import { developerOf, projectNameOf } from "./people-and-places";
import { jsonText } from "./sanitize";
import { inTransaction, type SqlRunner } from "./sql-transaction";
import {
  applyRollups,
  bucketOf,
  type MessageDelta,
  readCountedState,
  type ToolDelta,
  trackedUpdate,
  type Transition,
} from "./rollups";
import { applySessionMetadata } from "./session-metadata";
import { linkSpawnedAgents } from "./spawn-links";

type Tx = SqlRunner;

/** A batch as the worker took it from the queue. */
export interface TakenBatch {
  job: IngestBatchJob;
  queueJobId: string;
  attempt: number;
  /** When the worker took it (the end of its queue wait). */
  takenAt: Date;
}

export interface BatchResult {
  messagesWritten: number;
  filesWritten: number;
  /** Responses with token usage whose model has no price (their cost is null). */
  unknownModels: number;
}

export interface WriteResult {
  /** One per batch, in the order given. */
  batches: BatchResult[];
  /** emitted_at of the last session_end among the batches, when there is one (tagging is requested then). */
  endedAt: string | null;
  lastSequence: number;
  /** The conversation as committed, for the live event published after the commit. */
  conversation: ConversationState;
}

export interface ConversationState {
  /** This write created the conversation's row. */
  created: boolean;
  status: "active" | "completed";
  parentConversationId: string | null;
  /** The highest sequence written so far (batches may land out of order). */
  lastSequence: number;
}

/** The batches of one conversation merged into one ascending run of events. */
interface ConversationWrite {
  workspaceId: string;
  conversationId: string;
  sessionId: string;
  collectorId: string | null;
  events: ProtocolEvent[];
  /** server_received_at of each event's batch, by index into `events`. */
  receivedAt: string[];
  lastSequence: number;
  /** Each batch's event identities, when its job carries them (hex, 32 digits per sequence). */
  identities: { first: number; last: number; hashes: string }[];
}

function mergeBatches(batches: readonly TakenBatch[]): ConversationWrite {
  const [first] = batches;
  if (!first) throw new Error("mergeBatches needs at least one batch");
  const ordered = [...batches].sort((a, b) => a.job.first_sequence - b.job.first_sequence);
  const events: ProtocolEvent[] = [];
  const receivedAt: string[] = [];
  const seen = new Set<number>();
  for (const { job } of ordered) {
    if (job.conversation_id !== first.job.conversation_id) {
      throw new Error("batches of different conversations cannot be written together");
    }
    for (const event of job.events) {
      // The same range may be queued twice (a resubmission after Redis lost the sequencing state).
      if (seen.has(event.sequence)) continue;
      seen.add(event.sequence);
      events.push(event);
      receivedAt.push(job.server_received_at);
    }
  }
  return {
    workspaceId: first.job.workspace_id,
    conversationId: first.job.conversation_id,
    sessionId: first.job.session_id,
    collectorId: first.job.collector_id,
    events,
    receivedAt,
    lastSequence: Math.max(...batches.map((batch) => batch.job.last_sequence)),
    identities: ordered.flatMap(({ job }) =>
      job.event_hashes === undefined
        ? []
        : [{ first: job.first_sequence, last: job.last_sequence, hashes: job.event_hashes }],
    ),
  };
}

function latest(events: ProtocolEvent[]): string {
  return events.reduce(
    (max, event) => (event.emitted_at > max ? event.emitted_at : max),
    events[0]?.emitted_at ?? "",
  );
}

/**
 * Takes the conversation's write lock and creates its row (with epoch 1) unless it exists; true when this write
 * created it. One statement: the lock is taken before the insert runs (the insert reads from it), and
 * ON CONFLICT sees rows committed by whoever held the lock before.
 */
async function lockAndEnsureConversation(
  tx: Tx,
  write: ConversationWrite,
  agentType: string,
): Promise<boolean> {
  const first = write.events.find((event) => event.sequence === 1);
  const [row] = await tx.$queryRawUnsafe<{ created: boolean }[]>(
    `WITH locked AS (SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))),
     created AS (
       INSERT INTO conversations (id, workspace_id, collector_id, collector_session_id, agent_type, start_time,
                                  last_activity_at, updated_at)
       SELECT $1::uuid, $2::uuid, $3::uuid, $4, $5, $6::timestamptz, $6::timestamptz, now() FROM locked
       ON CONFLICT (id) DO NOTHING
       RETURNING id),
     first_epoch AS (
       INSERT INTO epochs (conversation_id, epoch_number, start_sequence, started_at)
       SELECT id, 1, 1, $7::timestamptz FROM created),
     -- The batches' event identities (decision 0024), in this statement to spare the write a round trip.
     identities AS (
       INSERT INTO event_identities (conversation_id, first_sequence, last_sequence, identities)
       SELECT $1::uuid, u.first, u.last, decode(u.hashes, 'hex')
       FROM locked, unnest($8::int[], $9::int[], $10::text[]) AS u(first, last, hashes)
       ON CONFLICT DO NOTHING)
     SELECT EXISTS (SELECT 1 FROM created) AS created`,
    write.conversationId,
    write.workspaceId,
    write.collectorId,
    write.sessionId,
    agentType,
    write.events[0]?.emitted_at,
    first?.emitted_at ?? null,
    write.identities.map((batch) => batch.first),
    write.identities.map((batch) => batch.last),
    write.identities.map((batch) => batch.hashes),
  );
  return row?.created ?? false;
}

async function applySessionStart(tx: Tx, write: ConversationWrite, event: SessionStartEvent): Promise<void> {
  const data = event.data;
  let projectId: string | null = null;
  if (data.working_directory) {
    const [project] = await tx.$queryRawUnsafe<{ id: string }[]>(
      `INSERT INTO projects (workspace_id, name, directory_path, updated_at) VALUES ($1::uuid, $2, $3, now())
       ON CONFLICT (workspace_id, directory_path) DO UPDATE SET updated_at = projects.updated_at
       RETURNING id`,
      write.workspaceId,
      projectNameOf(data.working_directory),
      data.working_directory,
    );
    projectId = project?.id ?? null;
  }
  const username = developerOf(data.developer, data.working_directory);
  let developerId: string | null = null;
  if (username) {
    const [developer] = await tx.$queryRawUnsafe<{ id: string }[]>(
      `INSERT INTO developers (workspace_id, username) VALUES ($1::uuid, $2)
       ON CONFLICT (workspace_id, username) DO UPDATE SET username = developers.username
       RETURNING id`,
      write.workspaceId,
      username,
    );
    developerId = developer?.id ?? null;
  }
  const { agent_type, agent_version, ...metadata } = data;
  await tx.$executeRawUnsafe(
    `UPDATE conversations SET
       agent_type = $2, agent_version = $3,
       project_id = COALESCE($4::uuid, project_id), developer_id = COALESCE($5::uuid, developer_id),
       parent_session_id = COALESCE($6, parent_session_id),
       conversation_type = CASE WHEN COALESCE($6, parent_session_id) IS NULL THEN conversation_type ELSE 'agent' END,
       start_time = LEAST(COALESCE(start_time, $7::timestamptz), $7::timestamptz),
       -- Keys already present were set by later metadata events (applied first): they win.
       extra_data = $8::jsonb || extra_data,
       updated_at = now()
     WHERE id = $1::uuid`,
    write.conversationId,
    agent_type,
    agent_version,
    projectId,
    developerId,
    data.parent_session_id ?? null,
    event.emitted_at,
    jsonText(metadata),
  );
}

/** The session_end at $5 is covered by a completion request already applied (its end_sequence reaches it). */
const COVERED_BY_COMPLETION = `(extra_data->>'closed_by' = 'complete_request'
  AND COALESCE((extra_data->>'end_sequence')::int, 0) >= $5::int)`;

async function applySessionEnd(tx: Tx, write: ConversationWrite, event: SessionEndEvent): Promise<void> {
  const { outcome, ...rest } = event.data;
  await tx.$executeRawUnsafe(
    `UPDATE conversations SET
       -- A later event (already applied out of order) keeps the session open.
       status = CASE WHEN $5::int >= last_event_sequence THEN 'completed'::conversation_status ELSE status END,
       -- A completion request that covers this event (applied first: its job can overtake the batch ahead of
       -- it) is the collector's later word, so its outcome stands.
       outcome = CASE WHEN ${COVERED_BY_COMPLETION} THEN outcome ELSE $2 END,
       success = CASE WHEN ${COVERED_BY_COMPLETION} THEN success
                      ELSE CASE $2 WHEN 'success' THEN true WHEN 'failure' THEN false WHEN 'abandoned' THEN false END
                 END,
       end_time = GREATEST(COALESCE(end_time, $3::timestamptz), $3::timestamptz),
       extra_data = extra_data || $4::jsonb || jsonb_build_object('end_sequence',
         GREATEST(COALESCE((extra_data->>'end_sequence')::int, 0), $5::int))
         -- closed_by follows the last close (a session the sweeper closed, reopened, then ended says so).
         || CASE WHEN ${COVERED_BY_COMPLETION} THEN '{}'::jsonb
                 WHEN $5::int >= last_event_sequence THEN '{"closed_by": "session_end"}'::jsonb ELSE '{}'::jsonb END,
       updated_at = now()
     WHERE id = $1::uuid`,
    write.conversationId,
    outcome,
    event.emitted_at,
    jsonText(rest),
    event.sequence,
  );
}

interface InsertedTotals {
  written: number;
  toolCalls: number;
  input: string;
  output: string;
  cacheRead: string;
  cacheCreation: string;
  /** Sum of the new rows' costs; null when none of them has one. */
  cost: string | null;
  /** Sequences of the rows really inserted (to count them per batch). */
  sequences: number[];
  /** The new rows per bucket and model (added to conversation_rollups by the same statement). */
  messageDeltas: MessageDelta[];
  /** The new tool calls per bucket and tool. */
  toolDeltas: ToolDelta[];
}

/**
 * Inserts the messages, each with its epoch, and adds the totals of the rows that were really new to the
 * conversation (a replayed message is not returned by ON CONFLICT DO NOTHING, so counters grow by exactly what
 * was written; writes of one conversation are serialized by its lock, so additions cannot interleave). Sequence
 * and activity only move forward; events after a session_end reopen the session. One statement.
 */
async function insertMessagesAndTotals(
  tx: Tx,
  write: ConversationWrite,
  prices: PriceTable,
): Promise<{ totals: InsertedTotals; unknownModelSequences: number[] }> {
  const rows: MessageRow[] = [];
  const receivedAt: string[] = [];
  write.events.forEach((event, index) => {
    const row = messageRowOf(event, prices);
    if (!row) return;
    rows.push(row);
    receivedAt.push(write.receivedAt[index] ?? "");
  });
  // One delimited text per column (delimited-columns.ts): eleven strings, split by Postgres, instead of thirteen
  // arrays encoded element by element by Prisma and the driver, or a JSON document Postgres parses slowly.
  const columns = delimitedColumns([
    rows.map((row) => String(row.sequence)),
    rows.map((row) => row.authorRole),
    rows.map((row) => row.messageType),
    rows.map((row) => row.content),
    rows.map((row) => row.thinkingContent),
    rows.map((row) => row.toolCalls),
    rows.map((row) => row.extraData),
    rows.map((row) => row.emittedAt),
    rows.map((row) => row.observedAt),
    receivedAt,
    rows.map((row) => (row.costUsd === null ? null : String(row.costUsd))),
  ]);
  const column = (text: string, type: string) => columnArraySql(text, "$5", "$6", type);
  const [totals] = await tx.$queryRawUnsafe<InsertedTotals[]>(
    `WITH epoch_ranges AS (
       SELECT id, start_sequence, lead(start_sequence) OVER (ORDER BY start_sequence) AS next_start
       FROM epochs WHERE conversation_id = $2::uuid),
     inserted AS (
       INSERT INTO messages (workspace_id, conversation_id, epoch_id, sequence, author_role, message_type, content,
                             thinking_content, tool_calls, extra_data, emitted_at, observed_at, server_received_at,
                             cost_usd)
       SELECT $1::uuid, $2::uuid, e.id, u.seq, u.role::author_role, u.kind::message_type, u.content, u.thinking,
              u.tool_calls::jsonb, u.extra::jsonb, u.emitted, u.observed, u.received, u.cost
       FROM unnest(${column("$7", "int")}, ${column("$8", "text")}, ${column("$9", "text")},
                   ${column("$10", "text")}, ${column("$11", "text")}, ${column("$12", "text")},
                   ${column("$13", "text")}, ${column("$14", "timestamptz")}, ${column("$15", "timestamptz")},
                   ${column("$16", "timestamptz")}, ${column("$17", "numeric")})
            AS u(seq, role, kind, content, thinking, tool_calls, extra, emitted, observed, received, cost)
       LEFT JOIN epoch_ranges e ON u.seq >= e.start_sequence AND (e.next_start IS NULL OR u.seq < e.next_start)
       ON CONFLICT (conversation_id, sequence) DO NOTHING
       RETURNING sequence, message_type, extra_data->'token_usage' AS usage, cost_usd, emitted_at,
                 extra_data->>'model' AS model, tool_calls->0->>'tool_name' AS tool_name),
     by_bucket AS (
       SELECT ${bucketOf("emitted_at")} AS bucket, COALESCE(model, '') AS model, count(*) AS messages,
              count(*) FILTER (WHERE message_type = 'tool_call') AS tool_calls,
              COALESCE(sum((usage->>'input_tokens')::bigint), 0) AS input_tokens,
              COALESCE(sum((usage->>'output_tokens')::bigint), 0) AS output_tokens,
              COALESCE(sum((usage->>'cache_read_tokens')::bigint), 0) AS cache_read_tokens,
              COALESCE(sum((usage->>'cache_creation_tokens')::bigint), 0) AS cache_creation_tokens,
              COALESCE(sum(cost_usd), 0) AS cost_usd
       FROM inserted GROUP BY 1, 2),
     -- This conversation's own rows: serialized by its lock, so no ordering is needed here (rollups.ts).
     conversation_rollup AS (
       INSERT INTO conversation_rollups AS r (conversation_id, bucket_start, model, workspace_id, messages,
         tool_calls, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, cost_usd)
       SELECT $2::uuid, bucket, model, $1::uuid, messages, tool_calls, input_tokens, output_tokens,
              cache_read_tokens, cache_creation_tokens, cost_usd
       FROM by_bucket
       ON CONFLICT (conversation_id, bucket_start, model) DO UPDATE SET
         messages = r.messages + excluded.messages, tool_calls = r.tool_calls + excluded.tool_calls,
         input_tokens = r.input_tokens + excluded.input_tokens, output_tokens = r.output_tokens + excluded.output_tokens,
         cache_read_tokens = r.cache_read_tokens + excluded.cache_read_tokens,
         cache_creation_tokens = r.cache_creation_tokens + excluded.cache_creation_tokens,
         cost_usd = r.cost_usd + excluded.cost_usd),
     by_tool AS (
       SELECT ${bucketOf("emitted_at")} AS bucket, COALESCE(tool_name, '') AS tool_name, count(*)::int AS calls
       FROM inserted WHERE message_type = 'tool_call' GROUP BY 1, 2),
     totals AS (
       SELECT count(*)::int AS written,
              (count(*) FILTER (WHERE message_type = 'tool_call'))::int AS "toolCalls",
              COALESCE(sum((usage->>'input_tokens')::bigint), 0) AS input,
              COALESCE(sum((usage->>'output_tokens')::bigint), 0) AS output,
              COALESCE(sum((usage->>'cache_read_tokens')::bigint), 0) AS "cacheRead",
              COALESCE(sum((usage->>'cache_creation_tokens')::bigint), 0) AS "cacheCreation",
              sum(cost_usd) AS cost,
              COALESCE(array_agg(sequence), '{}') AS sequences
       FROM inserted),
     updated AS (
       UPDATE conversations c SET
         message_count = c.message_count + t.written, tool_call_count = c.tool_call_count + t."toolCalls",
         input_tokens = c.input_tokens + t.input, output_tokens = c.output_tokens + t.output,
         cache_read_tokens = c.cache_read_tokens + t."cacheRead",
         cache_creation_tokens = c.cache_creation_tokens + t."cacheCreation",
         -- Capped at what numeric(20,10) holds: per-response tokens are int4 (the protocol), but a session of
         -- millions of maximal responses must still never make its batch unstorable.
         cost_usd = CASE WHEN t.cost IS NULL THEN c.cost_usd
                         ELSE LEAST(COALESCE(c.cost_usd, 0) + t.cost, 9999999999.9999999999) END,
         last_event_sequence = GREATEST(c.last_event_sequence, $3::int),
         last_activity_at = GREATEST(c.last_activity_at, $4::timestamptz),
         status = CASE WHEN c.status = 'completed'
                        AND $3::int > COALESCE((c.extra_data->>'end_sequence')::int, $3::int)
                       THEN 'active'::conversation_status ELSE c.status END,
         -- Events of a completed session's range that land after its completion (a complete request applied
         -- before the batches ahead of it) move its end to its last activity.
         end_time = CASE WHEN c.status = 'completed'
                          AND $3::int <= COALESCE((c.extra_data->>'end_sequence')::int, $3::int)
                         THEN GREATEST(c.end_time, $4::timestamptz) ELSE c.end_time END,
         updated_at = now()
       FROM totals t
       WHERE c.id = $2::uuid)
     SELECT written, "toolCalls", input::text, output::text, "cacheRead"::text, "cacheCreation"::text,
            cost::text, sequences,
            (SELECT COALESCE(json_agg(json_build_object('bucket', bucket::text, 'model', model,
                       'messages', messages::text, 'tool_calls', tool_calls::text, 'input_tokens', input_tokens::text,
                       'output_tokens', output_tokens::text, 'cache_read_tokens', cache_read_tokens::text,
                       'cache_creation_tokens', cache_creation_tokens::text, 'cost_usd', cost_usd::text)), '[]')
             FROM by_bucket) AS "messageDeltas",
            (SELECT COALESCE(json_agg(json_build_object('bucket', bucket::text, 'tool_name', tool_name,
                       'calls', calls, 'failures', 0)), '[]')
             FROM by_tool) AS "toolDeltas"
     FROM totals`,
    write.workspaceId,
    write.conversationId,
    write.lastSequence,
    latest(write.events),
    columns.separator,
    columns.nullMarker,
    ...columns.texts,
  );
  if (!totals) throw new Error("the message insert returned no totals");
  await insertRawData(tx, write, rows);
  return {
    totals,
    unknownModelSequences: rows.filter((r) => r.unknownModel).map((r) => r.sequence),
  };
}

/** The collectors' source records (raw_data) of the batch's messages, in their own table (decision 0021). */
async function insertRawData(tx: Tx, write: ConversationWrite, rows: readonly MessageRow[]): Promise<void> {
  const withRaw = rows.filter((row) => row.rawData !== null);
  if (withRaw.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO message_raw_data (conversation_id, sequence, workspace_id, raw_data)
     SELECT $1::uuid, u.seq, $2::uuid, u.raw::jsonb FROM unnest($3::int[], $4::text[]) AS u(seq, raw)
     ON CONFLICT (conversation_id, sequence) DO NOTHING`,
    write.conversationId,
    write.workspaceId,
    withRaw.map((row) => row.sequence),
    withRaw.map((row) => row.rawData),
  );
}

/**
 * files_touched rows, each tied to the message of the tool call it came from (when there is one); returns the
 * source sequences of the rows really inserted.
 */
async function insertFileTouches(tx: Tx, write: ConversationWrite): Promise<number[]> {
  const touches = fileTouchesOf(write.events);
  if (touches.length === 0) return [];
  const fallbackAt = write.receivedAt[write.receivedAt.length - 1] ?? null;
  const inserted = await tx.$queryRawUnsafe<{ source_sequence: number }[]>(
    `INSERT INTO files_touched (workspace_id, conversation_id, message_id, source_sequence, file_path, change_type,
                                lines_added, lines_deleted, touched_at, renamed_from)
     SELECT $1::uuid, $2::uuid, m.id, u.seq, u.path, u.kind::file_change_type, u.added, u.deleted, u.at, u.renamed_from
     FROM unnest($3::int[], $4::text[], $5::text[], $6::int[], $7::int[], $8::timestamptz[], $9::text[])
          AS u(seq, path, kind, added, deleted, at, renamed_from)
     LEFT JOIN messages m ON m.conversation_id = $2::uuid AND m.sequence = u.seq
     ON CONFLICT (conversation_id, source_sequence, file_path, change_type) DO NOTHING
     RETURNING source_sequence`,
    write.workspaceId,
    write.conversationId,
    touches.map((t) => t.sourceSequence),
    touches.map((t) => t.filePath),
    touches.map((t) => t.changeType),
    touches.map((t) => t.linesAdded),
    touches.map((t) => t.linesDeleted),
    touches.map((t) => t.touchedAt ?? fallbackAt),
    touches.map((t) => t.renamedFrom ?? null),
  );
  return inserted.map((row) => row.source_sequence);
}

/**
 * Copies each tool result onto its call (result, success), whichever of the two arrived first; returns the calls
 * that became failures (each call is joined once: counted once).
 */
async function joinToolResults(tx: Tx, write: ConversationWrite): Promise<ToolDelta[]> {
  const ids = write.events.flatMap((event) =>
    event.type === "tool_call" || event.type === "tool_result" ? [toolUseIdOf(event)] : [],
  );
  if (ids.length === 0) return [];
  return tx.$queryRawUnsafe<ToolDelta[]>(
    `WITH joined AS (
     UPDATE messages c SET tool_calls = jsonb_build_array(
        (c.tool_calls->0) || jsonb_build_object('result', r.tool_calls->0->'result', 'success', r.tool_calls->0->'success'))
     FROM messages r
     WHERE c.conversation_id = $1::uuid AND r.conversation_id = $1::uuid
       AND c.message_type = 'tool_call' AND r.message_type = 'tool_result'
       AND c.tool_calls->0->>'tool_use_id' = ANY($2::text[])
       AND r.tool_calls->0->>'tool_use_id' = c.tool_calls->0->>'tool_use_id'
       AND NOT (c.tool_calls->0 ? 'success')
     RETURNING c.emitted_at, c.tool_calls->0->>'tool_name' AS tool_name, c.tool_calls->0->>'success' AS success)
     SELECT (${bucketOf("emitted_at")})::text AS bucket, COALESCE(tool_name, '') AS tool_name, 0 AS calls,
            count(*)::int AS failures
     FROM joined WHERE success = 'false' GROUP BY 1, 2`,
    write.conversationId,
    ids,
  );
}

/**
 * Links a sub-agent to its parent in both arrival orders: this conversation to an existing parent, and waiting
 * children to this conversation. Children inherit project and developer when they have none.
 */
async function linkParents(
  tx: Tx,
  write: ConversationWrite,
  parentSessionId: string | undefined,
): Promise<Transition[]> {
  // A parent and its child may be written at the same moment by two workers, each unable to see the other's
  // uncommitted row. Both lock the parent's session id first, so the second waits for the first to commit.
  const keys = [
    ...new Set([write.sessionId, parentSessionId].filter((id): id is string => id !== undefined)),
  ].sort();
  for (const key of keys) {
    await tx.$executeRawUnsafe(
      `SELECT pg_advisory_xact_lock(hashtextextended($1::text || '/' || $2::text, 1))`,
      write.workspaceId,
      key,
    );
  }
  await tx.$executeRawUnsafe(
    `UPDATE conversations c SET parent_conversation_id = p.id,
       project_id = COALESCE(c.project_id, p.project_id), developer_id = COALESCE(c.developer_id, p.developer_id)
     FROM conversations p
     WHERE c.id = $1::uuid AND c.parent_conversation_id IS NULL AND c.parent_session_id IS NOT NULL
       AND p.workspace_id = c.workspace_id AND p.collector_session_id = c.parent_session_id`,
    write.conversationId,
  );
  // Waiting children (other conversations) inherit from this one: their counted dimensions may move.
  return trackedUpdate(
    tx,
    `SELECT c.id FROM conversations c JOIN conversations p
       ON p.id = $1::uuid AND c.workspace_id = p.workspace_id AND c.parent_session_id = p.collector_session_id
     WHERE c.parent_conversation_id IS NULL`,
    `UPDATE conversations c SET parent_conversation_id = p.id,
       project_id = COALESCE(c.project_id, p.project_id), developer_id = COALESCE(c.developer_id, p.developer_id)
     FROM conversations p
     WHERE p.id = $1::uuid AND c.workspace_id = p.workspace_id AND c.parent_session_id = p.collector_session_id
       AND c.parent_conversation_id IS NULL AND c.id IN (SELECT id::uuid FROM before)`,
    write.conversationId,
  );
}

const countIn = (sequences: readonly number[], job: IngestBatchJob) =>
  sequences.filter((sequence) => sequence >= job.first_sequence && sequence <= job.last_sequence).length;

/**
 * Applies batches of one conversation in one transaction, including their ingestion_jobs rows (so a batch's
 * row says "succeeded" exactly when its rows are committed).
 */
export async function applyBatches(
  pool: Pool,
  batches: readonly TakenBatch[],
  prices: PriceTable,
): Promise<WriteResult> {
  const write = mergeBatches(batches);
  const start = write.events.find((event): event is SessionStartEvent => event.type === "session_start");
  const end = write.events.findLast((event): event is SessionEndEvent => event.type === "session_end");
  return inTransaction(pool, async (tx) => {
    // Writes of one conversation are applied one at a time (across all workers); different conversations in
    // parallel. Without this, concurrent writes of a session deadlock on its rows.
    const created = await lockAndEnsureConversation(tx, write, start?.data.agent_type ?? "unknown");
    // What the aggregates counted of it so far, row locked: every other writer of these fields waits (rollups.ts).
    const before = created
      ? null
      : ((await readCountedState(tx, write.conversationId, { lock: true })) ?? null);
    if (start) await applySessionStart(tx, write, start);
    // Epochs first: each new message row is inserted with its epoch.
    await applyEpochs(tx, write.conversationId, write.events, { created });
    const messages = await insertMessagesAndTotals(tx, write, prices);
    const fileSequences = await insertFileTouches(tx, write);
    const failedCalls = await joinToolResults(tx, write);
    await applySessionMetadata(tx, write.conversationId, write.events);
    if (end) await applySessionEnd(tx, write, end);
    // Links change only when the row appears (children waiting for it) or session_start names a parent.
    const linked = created || start ? await linkParents(tx, write, start?.data.parent_session_id) : [];
    // Nested sub-agents: to the agent whose call spawned them (spawn-links.ts).
    const spawned = await linkSpawnedAgents(tx, write.workspaceId, write.conversationId, write.events);
    const results = batches.map(({ job }) => ({
      messagesWritten: countIn(messages.totals.sequences, job),
      filesWritten: countIn(fileSequences, job),
      unknownModels: countIn(messages.unknownModelSequences, job),
    }));
    await recordSucceededJobs(
      tx,
      batches.map((batch, index) => ({ ...batch, result: results[index] ?? noResult })),
    );
    // Last: the shared aggregate rows stay locked from here to the commit.
    const after = await readCountedState(tx, write.conversationId, { lock: false });
    if (!after) throw new Error(`conversation ${write.conversationId} vanished during its write`);
    const [state] = await tx.$queryRawUnsafe<
      { status: "active" | "completed"; parent_conversation_id: string | null; last_event_sequence: number }[]
    >(
      `SELECT status, parent_conversation_id, last_event_sequence FROM conversations WHERE id = $1::uuid`,
      write.conversationId,
    );
    await applyRollups(tx, {
      own: { before, after },
      newMessages: messages.totals.messageDeltas,
      others: [...linked, ...spawned],
      tools: [...messages.totals.toolDeltas, ...failedCalls],
    });
    return {
      batches: results,
      endedAt: end?.emitted_at ?? null,
      lastSequence: write.lastSequence,
      conversation: {
        created,
        status: state?.status ?? "active",
        parentConversationId: state?.parent_conversation_id ?? null,
        lastSequence: state?.last_event_sequence ?? write.lastSequence,
      },
    };
  });
}

const noResult: BatchResult = { messagesWritten: 0, filesWritten: 0, unknownModels: 0 };
