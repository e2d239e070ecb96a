import { type PrismaClient } from "@catsyphon/db";
import { type CompleteSessionJob } from "@catsyphon/queue";
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
 * been written (such an event reopened the session).
 */
export async function completeSession(
  prisma: PrismaClient,
  job: CompleteSessionJob,
): Promise<CompletedConversation> {
  const [row] = await prisma.$queryRawUnsafe<CompletedConversation[]>(
    `UPDATE conversations SET
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
     WHERE id = $1::uuid AND workspace_id = $6::uuid
     RETURNING status::text AS status, parent_conversation_id::text AS parent_conversation_id,
               last_event_sequence`,
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
