// Applies one accepted batch to Postgres in one transaction. Every statement is idempotent: applying a batch
// twice, or batches in any order, gives the same rows (unique keys + ON CONFLICT; counters grow only by the rows
// an insert really added; sequence, activity and end time only move forward).
import { type PrismaClient } from "@catsyphon/db";
import { type ProtocolEvent, type SessionEndEvent, type SessionStartEvent } from "@catsyphon/protocol";
import { type IngestBatchJob } from "@catsyphon/queue";
import { applyEpochs } from "./epochs";
import { fileTouchesOf } from "./files-touched";
import { type PriceTable } from "../pricing/price-table";
import { messageRowOf } from "./message-rows";
import { developerOf, projectNameOf } from "./people-and-places";
import { jsonText } from "./sanitize";
import { applySessionMetadata } from "./session-metadata";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export interface BatchResult {
  messagesWritten: number;
  filesWritten: number;
  /** Responses with token usage whose model has no price (their cost is null). */
  unknownModels: number;
  /** emitted_at of the batch's session_end, when it has one (tagging is requested then). */
  endedAt: string | null;
}

function latest(events: ProtocolEvent[]): string {
  return events.reduce(
    (max, event) => (event.emitted_at > max ? event.emitted_at : max),
    events[0]?.emitted_at ?? "",
  );
}

/** Creates the conversation row unless it exists; true when this batch created it. */
async function ensureConversation(tx: Tx, job: IngestBatchJob, agentType: string): Promise<boolean> {
  const created = await tx.$executeRawUnsafe(
    `INSERT INTO conversations (id, workspace_id, collector_id, collector_session_id, agent_type, start_time,
                                last_activity_at, updated_at)
     VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6::timestamptz, $6::timestamptz, now())
     ON CONFLICT (id) DO NOTHING`,
    job.conversation_id,
    job.workspace_id,
    job.collector_id,
    job.session_id,
    agentType,
    job.events[0]?.emitted_at,
  );
  return created > 0;
}

async function applySessionStart(tx: Tx, job: IngestBatchJob, event: SessionStartEvent): Promise<void> {
  const data = event.data;
  let projectId: string | null = null;
  if (data.working_directory) {
    const [project] = await tx.$queryRawUnsafe<{ id: string }[]>(
      `INSERT INTO projects (workspace_id, name, directory_path, updated_at) VALUES ($1::uuid, $2, $3, now())
       ON CONFLICT (workspace_id, directory_path) DO UPDATE SET updated_at = projects.updated_at
       RETURNING id`,
      job.workspace_id,
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
      job.workspace_id,
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
    job.conversation_id,
    agent_type,
    agent_version,
    projectId,
    developerId,
    data.parent_session_id ?? null,
    event.emitted_at,
    jsonText(metadata),
  );
}

async function applySessionEnd(tx: Tx, job: IngestBatchJob, event: SessionEndEvent): Promise<void> {
  const { outcome, ...rest } = event.data;
  await tx.$executeRawUnsafe(
    `UPDATE conversations SET
       -- A later event (already applied out of order) keeps the session open.
       status = CASE WHEN $5::int >= last_event_sequence THEN 'completed'::conversation_status ELSE status END,
       outcome = $2,
       success = CASE $2 WHEN 'success' THEN true WHEN 'failure' THEN false WHEN 'abandoned' THEN false END,
       end_time = GREATEST(COALESCE(end_time, $3::timestamptz), $3::timestamptz),
       extra_data = extra_data || $4::jsonb || jsonb_build_object('end_sequence',
         GREATEST(COALESCE((extra_data->>'end_sequence')::int, 0), $5::int)),
       updated_at = now()
     WHERE id = $1::uuid`,
    job.conversation_id,
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
}

/**
 * Inserts the batch's messages and returns the totals of the rows that were really new (a replayed message is
 * not returned by ON CONFLICT DO NOTHING), so the conversation's counters grow by exactly what was written.
 */
async function insertMessages(
  tx: Tx,
  job: IngestBatchJob,
  prices: PriceTable,
): Promise<{ totals: InsertedTotals; unknownModels: number }> {
  const rows = job.events.map((event) => messageRowOf(event, prices)).filter((row) => row !== null);
  const none: InsertedTotals = {
    written: 0,
    toolCalls: 0,
    input: "0",
    output: "0",
    cacheRead: "0",
    cacheCreation: "0",
    cost: null,
  };
  if (rows.length === 0) return { totals: none, unknownModels: 0 };
  const [totals] = await tx.$queryRawUnsafe<InsertedTotals[]>(
    `WITH inserted AS (
       INSERT INTO messages (workspace_id, conversation_id, epoch_id, sequence, author_role, message_type, content,
                             thinking_content, tool_calls, extra_data, emitted_at, observed_at, server_received_at,
                             cost_usd)
       SELECT $1::uuid, $2::uuid,
              (SELECT e.id FROM epochs e WHERE e.conversation_id = $2::uuid AND e.start_sequence <= u.seq
               ORDER BY e.start_sequence DESC LIMIT 1),
              u.seq, u.role::author_role, u.kind::message_type, u.content, u.thinking,
              u.tool_calls::jsonb, u.extra::jsonb, u.emitted, u.observed, $3::timestamptz, u.cost
       FROM unnest($4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                   $11::timestamptz[], $12::timestamptz[], $13::numeric[])
            AS u(seq, role, kind, content, thinking, tool_calls, extra, emitted, observed, cost)
       ON CONFLICT (conversation_id, sequence) DO NOTHING
       RETURNING message_type, extra_data->'token_usage' AS usage, cost_usd)
     SELECT count(*)::int AS written,
            (count(*) FILTER (WHERE message_type = 'tool_call'))::int AS "toolCalls",
            COALESCE(sum((usage->>'input_tokens')::bigint), 0)::text AS input,
            COALESCE(sum((usage->>'output_tokens')::bigint), 0)::text AS output,
            COALESCE(sum((usage->>'cache_read_tokens')::bigint), 0)::text AS "cacheRead",
            COALESCE(sum((usage->>'cache_creation_tokens')::bigint), 0)::text AS "cacheCreation",
            sum(cost_usd)::text AS cost
     FROM inserted`,
    job.workspace_id,
    job.conversation_id,
    job.server_received_at,
    rows.map((r) => r.sequence),
    rows.map((r) => r.authorRole),
    rows.map((r) => r.messageType),
    rows.map((r) => r.content),
    rows.map((r) => r.thinkingContent),
    rows.map((r) => r.toolCalls),
    rows.map((r) => r.extraData),
    rows.map((r) => r.emittedAt),
    rows.map((r) => r.observedAt),
    rows.map((r) => r.costUsd),
  );
  return { totals: totals ?? none, unknownModels: rows.filter((r) => r.unknownModel).length };
}

/** files_touched rows, each tied to the message of the tool call it came from (when there is one). */
async function insertFileTouches(tx: Tx, job: IngestBatchJob): Promise<number> {
  const touches = fileTouchesOf(job.events);
  if (touches.length === 0) return 0;
  return tx.$executeRawUnsafe(
    `INSERT INTO files_touched (workspace_id, conversation_id, message_id, source_sequence, file_path, change_type,
                                lines_added, lines_deleted, touched_at)
     SELECT $1::uuid, $2::uuid, m.id, u.seq, u.path, u.kind::file_change_type, u.added, u.deleted, u.at
     FROM unnest($3::int[], $4::text[], $5::text[], $6::int[], $7::int[], $8::timestamptz[])
          AS u(seq, path, kind, added, deleted, at)
     LEFT JOIN messages m ON m.conversation_id = $2::uuid AND m.sequence = u.seq
     ON CONFLICT (conversation_id, source_sequence, file_path, change_type) DO NOTHING`,
    job.workspace_id,
    job.conversation_id,
    touches.map((t) => t.sourceSequence),
    touches.map((t) => t.filePath),
    touches.map((t) => t.changeType),
    touches.map((t) => t.linesAdded),
    touches.map((t) => t.linesDeleted),
    touches.map((t) => t.touchedAt ?? job.server_received_at),
  );
}

/** Copies each tool result onto its call (result, success), whichever of the two arrived first. */
async function joinToolResults(tx: Tx, job: IngestBatchJob): Promise<void> {
  const ids = job.events.flatMap((event) =>
    event.type === "tool_call" || event.type === "tool_result" ? [event.data.tool_use_id] : [],
  );
  if (ids.length === 0) return;
  await tx.$executeRawUnsafe(
    `UPDATE messages c SET tool_calls = jsonb_build_array(
        (c.tool_calls->0) || jsonb_build_object('result', r.tool_calls->0->'result', 'success', r.tool_calls->0->'success'))
     FROM messages r
     WHERE c.conversation_id = $1::uuid AND r.conversation_id = $1::uuid
       AND c.message_type = 'tool_call' AND r.message_type = 'tool_result'
       AND c.tool_calls->0->>'tool_use_id' = ANY($2::text[])
       AND r.tool_calls->0->>'tool_use_id' = c.tool_calls->0->>'tool_use_id'
       AND NOT (c.tool_calls->0 ? 'success')`,
    job.conversation_id,
    ids,
  );
}

/**
 * Counters grow by the totals of the rows this batch really inserted (never blindly: a replay inserts nothing
 * and adds nothing); sequence and activity only move forward. Batches of one conversation are serialized, so
 * the additions cannot interleave.
 */
async function updateTotals(tx: Tx, job: IngestBatchJob, totals: InsertedTotals): Promise<void> {
  await tx.$executeRawUnsafe(
    `UPDATE conversations c SET
       message_count = c.message_count + $4::int, tool_call_count = c.tool_call_count + $5::int,
       input_tokens = c.input_tokens + $6::bigint, output_tokens = c.output_tokens + $7::bigint,
       cache_read_tokens = c.cache_read_tokens + $8::bigint, cache_creation_tokens = c.cache_creation_tokens + $9::bigint,
       cost_usd = CASE WHEN $10::numeric IS NULL THEN c.cost_usd ELSE COALESCE(c.cost_usd, 0) + $10::numeric END,
       last_event_sequence = GREATEST(c.last_event_sequence, $2::int),
       last_activity_at = GREATEST(c.last_activity_at, $3::timestamptz),
       -- Events after a session_end reopen the session.
       status = CASE WHEN c.status = 'completed' AND $2::int > COALESCE((c.extra_data->>'end_sequence')::int, $2::int)
                     THEN 'active'::conversation_status ELSE c.status END,
       updated_at = now()
     WHERE c.id = $1::uuid`,
    job.conversation_id,
    job.last_sequence,
    latest(job.events),
    totals.written,
    totals.toolCalls,
    totals.input,
    totals.output,
    totals.cacheRead,
    totals.cacheCreation,
    totals.cost,
  );
}

/**
 * Links a sub-agent to its parent in both arrival orders: this conversation to an existing parent, and waiting
 * children to this conversation. Children inherit project and developer when they have none.
 */
async function linkParents(tx: Tx, job: IngestBatchJob, parentSessionId: string | undefined): Promise<void> {
  // A parent and its child may be written at the same moment by two workers, each unable to see the other's
  // uncommitted row. Both lock the parent's session id first, so the second waits for the first to commit.
  const keys = [
    ...new Set([job.session_id, parentSessionId].filter((id): id is string => id !== undefined)),
  ].sort();
  for (const key of keys) {
    await tx.$executeRawUnsafe(
      `SELECT pg_advisory_xact_lock(hashtextextended($1::text || '/' || $2::text, 1))`,
      job.workspace_id,
      key,
    );
  }
  await tx.$executeRawUnsafe(
    `UPDATE conversations c SET parent_conversation_id = p.id,
       project_id = COALESCE(c.project_id, p.project_id), developer_id = COALESCE(c.developer_id, p.developer_id)
     FROM conversations p
     WHERE c.id = $1::uuid AND c.parent_conversation_id IS NULL AND c.parent_session_id IS NOT NULL
       AND p.workspace_id = c.workspace_id AND p.collector_session_id = c.parent_session_id`,
    job.conversation_id,
  );
  await tx.$executeRawUnsafe(
    `UPDATE conversations c SET parent_conversation_id = p.id,
       project_id = COALESCE(c.project_id, p.project_id), developer_id = COALESCE(c.developer_id, p.developer_id)
     FROM conversations p
     WHERE p.id = $1::uuid AND c.workspace_id = p.workspace_id AND c.parent_session_id = p.collector_session_id
       AND c.parent_conversation_id IS NULL`,
    job.conversation_id,
  );
}

export async function applyBatch(
  prisma: PrismaClient,
  job: IngestBatchJob,
  prices: PriceTable,
): Promise<BatchResult> {
  const start = job.events.find((event): event is SessionStartEvent => event.type === "session_start");
  const end = job.events.findLast((event): event is SessionEndEvent => event.type === "session_end");
  return prisma.$transaction(async (tx) => {
    // Batches of one conversation are applied one at a time (across all workers); different conversations in
    // parallel. Without this, concurrent batches of a session deadlock on its rows.
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, job.conversation_id);
    const created = await ensureConversation(tx, job, start?.data.agent_type ?? "unknown");
    if (start) await applySessionStart(tx, job, start);
    // Epochs first: each new message row is inserted with its epoch.
    await applyEpochs(tx, job.conversation_id, job.events);
    const messages = await insertMessages(tx, job, prices);
    const filesWritten = await insertFileTouches(tx, job);
    await joinToolResults(tx, job);
    await updateTotals(tx, job, messages.totals);
    await applySessionMetadata(tx, job.conversation_id, job.events);
    if (end) await applySessionEnd(tx, job, end);
    // Links change only when the row appears (children waiting for it) or session_start names a parent.
    if (created || start) await linkParents(tx, job, start?.data.parent_session_id);
    return {
      messagesWritten: messages.totals.written,
      filesWritten,
      unknownModels: messages.unknownModels,
      endedAt: end?.emitted_at ?? null,
    };
  });
}
