import { type PrismaClient } from "@catsyphon/db";
import { type CompleteSessionJob } from "@catsyphon/queue";
import { addActivityDeltas, countedStateColumns } from "./rollups";
import { stripNul } from "./sanitize";

/** Thrown while the batches accepted before the completion are still on their way: the job is retried. */
export class ConversationNotYetWrittenError extends Error {
  override readonly name = "ConversationNotYetWrittenError";
}

/** The conversation as the completion left it (a newer event may have kept it active). */
export interface CompletedConversation {
  status: "active" | "completed";
  parent_conversation_id: string | null;
  last_event_sequence: number;
}

/**
 * Completes a session as a collector asked. Applies only if no event newer than the completion request has
 * been written (such an event reopened the session). The success it sets moves the session between the
 * aggregates' succeeded and failed counts (rollups.ts), in the same statement: the row is locked and read first.
 */
export async function completeSession(
  prisma: PrismaClient,
  job: CompleteSessionJob,
): Promise<CompletedConversation> {
  const [row] = await prisma.$queryRawUnsafe<CompletedConversation[]>(
    `${addActivityDeltas(`WITH before AS (
       SELECT ${countedStateColumns("c")} FROM conversations c
       WHERE c.id = $1::uuid AND c.workspace_id = $6::uuid FOR NO KEY UPDATE),
     after AS (
     UPDATE conversations c SET
       status = CASE WHEN last_event_sequence <= $2::int THEN 'completed'::conversation_status ELSE status END,
       outcome = $3,
       success = CASE $3 WHEN 'success' THEN true WHEN 'failure' THEN false WHEN 'abandoned' THEN false END,
       -- A session completed after its last event (idle, backfilled) ended at that event, not at the request;
       -- one closed before and reopened since ended at its last activity, not at the first close.
       end_time = CASE WHEN last_event_sequence <= $2::int
                       THEN GREATEST(end_time, LEAST($4::timestamptz, last_activity_at)) ELSE end_time END,
       -- end_sequence: events after it reopen the session (as after a session_end event).
       extra_data = extra_data
         || CASE WHEN $5::text IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('summary', $5::text) END
         || jsonb_build_object('end_sequence', GREATEST(COALESCE((extra_data->>'end_sequence')::int, 0), $2::int))
         -- Who closed it last (the sweeper, a session_end event, or this request).
         || CASE WHEN last_event_sequence <= $2::int THEN '{"closed_by": "complete_request"}'::jsonb
                 ELSE '{}'::jsonb END,
       updated_at = now()
     WHERE c.id IN (SELECT id::uuid FROM before)
     RETURNING ${countedStateColumns("c")}, c.status::text AS status,
               c.parent_conversation_id::text AS parent_conversation_id, c.last_event_sequence),
     -- Only success changes here: the same rows, other counts (in every table of addActivityDeltas).
     net AS (
       SELECT a.workspace_id::uuid AS workspace_id, a.start_bucket::timestamptz AS bucket_start, a.agent_type,
              ''::text AS model, a.project_id::uuid AS project_id, a.developer_id::uuid AS developer_id,
              0::bigint AS messages, 0::bigint AS tool_calls, 0::bigint AS input_tokens, 0::bigint AS output_tokens,
              0::bigint AS cache_read_tokens, 0::bigint AS cache_creation_tokens, 0::numeric AS cost_usd,
              0 AS sessions, 0 AS subagent_sessions,
              (a.success IS TRUE)::int - (b.success IS TRUE)::int AS succeeded,
              (a.success IS FALSE)::int - (b.success IS FALSE)::int AS failed
       FROM before b JOIN after a USING (id)
       WHERE a.start_bucket IS NOT NULL AND a.success IS DISTINCT FROM b.success)`)},
     -- The aggregates are written whether or not the caller reads their count.
     counted AS (SELECT count(*) FROM total_added)
     SELECT status, parent_conversation_id, last_event_sequence FROM after, counted`,
    job.conversation_id,
    job.up_to_sequence,
    job.outcome,
    job.requested_at,
    // Postgres text cannot hold NUL (queued jobs and other producers may carry one).
    job.summary === undefined ? null : stripNul(job.summary),
    job.workspace_id,
  );
  if (!row) {
    throw new ConversationNotYetWrittenError(`conversation ${job.conversation_id} is not written yet`);
  }
  return row;
}
